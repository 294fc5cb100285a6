package dev.jpm.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DaemonModeTest {
    @Test
    void noArgumentsIsTheDetachedDaemon() {
        assertEquals(new DaemonMode(false, false, false, false), DaemonMode.parse());
    }

    @Test
    void theUnitsAndRunsArgumentsAreRead() {
        assertEquals(new DaemonMode(true, true, true, false), DaemonMode.parse("--foreground", "--resurrect", "--wait-for-lock"));
        assertEquals(new DaemonMode(true, false, false, true), DaemonMode.parse("--foreground", "--exit-when-errored"));
    }

    @Test
    void anUnknownArgumentIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DaemonMode.parse("--foregroud"));
        assertTrue(e.getMessage().contains("--foregroud") && e.getMessage().contains("--foreground"), e.getMessage());
    }
}
