package dev.jpm.protocol.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonLocaleTest {
    @Test
    void theDaemonRunsInEnglishAndItsInstancesInTheUsersLocale() {
        Map<String, String> env = new HashMap<>(Map.of("LC_ALL", "de_DE.UTF-8", "LANG", "de_DE.UTF-8"));

        DaemonLocale.forDaemon(env);
        assertEquals("C.UTF-8", env.get("LC_ALL"));

        DaemonLocale.forInstance(env);
        assertEquals(Map.of("LC_ALL", "de_DE.UTF-8", "LANG", "de_DE.UTF-8"), env);
    }

    @Test
    void aUserWithoutLcAllGetsNoneInTheirInstances() {
        Map<String, String> env = new HashMap<>(Map.of("LANG", "de_DE.UTF-8"));

        DaemonLocale.forDaemon(env);
        DaemonLocale.forInstance(env);

        assertFalse(env.containsKey("LC_ALL"));
        assertEquals(Map.of("LANG", "de_DE.UTF-8"), env);
    }
}
