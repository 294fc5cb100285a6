package dev.jpm.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchConfigTest {

    @Test
    void defaultsToPort3000OnAllInterfaces() {
        LaunchConfig config = LaunchConfig.parse(new String[0], Map.of());
        assertEquals(3000, config.port());
        assertTrue(config.allInterfaces());
    }

    @Test
    void readsPortAndHostFromEnvironment() {
        LaunchConfig config = LaunchConfig.parse(new String[0], Map.of("PORT", "4100", "HOST", "127.0.0.1"));
        assertEquals(4100, config.port());
        assertFalse(config.allInterfaces());
        assertEquals("127.0.0.1", config.host());
    }

    @Test
    void portArgumentOverridesEnvironment() {
        Map<String, String> env = Map.of("PORT", "4100");
        assertEquals(5000, LaunchConfig.parse(new String[] {"--port", "5000"}, env).port());
        assertEquals(5001, LaunchConfig.parse(new String[] {"--port=5001"}, env).port());
    }

    @Test
    void refusesBadPorts() {
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.parse(new String[0], Map.of("PORT", "http")));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.parse(new String[] {"--port", "70000"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.parse(new String[] {"--port"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.parse(new String[] {"--verbose"}, Map.of()));
    }
}
