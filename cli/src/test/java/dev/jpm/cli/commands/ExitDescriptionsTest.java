package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitDescriptionsTest {
    @Test
    void signalsReadAsSignals() {
        assertEquals("killed by SIGKILL (status 137)", ExitDescriptions.of(137));
        assertEquals("killed by SIGTERM (status 143)", ExitDescriptions.of(143));
        assertEquals("killed by signal 10 (status 138)", ExitDescriptions.of(138));
        assertEquals("exit code 1", ExitDescriptions.of(1));
        assertTrue(ExitDescriptions.of(null).contains("unknown"));
    }

    @Test
    void theRunningJavaHasAVersion() {
        String binary = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(Runtime.version().feature(), Integer.parseInt(JavaVersions.of(binary).orElseThrow().split("[.]")[0]));
    }
}
