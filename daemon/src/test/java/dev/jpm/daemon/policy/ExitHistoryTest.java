package dev.jpm.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jpm.daemon.policy.ExitHistory.Exit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExitHistoryTest {

    private final ExitHistory history = new ExitHistory();

    @Test
    void recordsUptimeAndExitCode() {
        history.started(1_000);
        history.exited(4_500, 2);
        history.started(5_000);
        history.exited(5_020, null);

        assertEquals(List.of(new Exit(4_500, 2, 3_500), new Exit(5_020, null, 20)), history.recentExits());
        assertEquals(Optional.of(new Exit(5_020, null, 20)), history.lastExit());
    }

    @Test
    void keepsOnlyTheLastTenExitsNewestLast() {
        for (int i = 0; i < 12; i++) {
            history.started(i * 100L);
            history.exited(i * 100L + 50, i);
        }

        List<Exit> exits = history.recentExits();
        assertEquals(10, exits.size());
        assertEquals(new Exit(250, 2, 50), exits.get(0));
        assertEquals(new Exit(1_150, 11, 50), exits.get(9));
    }

    @Test
    void uptimeIsNeverNegative() {
        history.started(10_000);
        history.exited(9_000, 0);

        assertEquals(0, history.lastExit().orElseThrow().uptimeMs());
    }

    @Test
    void exitWithoutStartIsAMistake() {
        assertThrows(IllegalStateException.class, () -> history.exited(1_000, 0));
        history.started(0);
        history.exited(1_000, 0);
        assertThrows(IllegalStateException.class, () -> history.exited(2_000, 0));
    }

    @Test
    void startsEmpty() {
        assertEquals(0, history.restarts());
        assertEquals(0, history.unstableRestarts());
        assertEquals(0, history.backoffDelayMs());
        assertEquals(List.of(), history.recentExits());
        assertEquals(Optional.empty(), history.lastExit());
    }
}
