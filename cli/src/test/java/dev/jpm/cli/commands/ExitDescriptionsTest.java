package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.JavaRelease;
import dev.jpm.protocol.view.InstanceDescription;
import org.junit.jupiter.api.Test;

class ExitDescriptionsTest {
    @Test
    void signalsReadAsSignals() {
        assertEquals("killed by SIGKILL (status 137)", ExitDescriptions.of(137));
        assertEquals("killed by SIGTERM (status 143)", ExitDescriptions.of(143));
        assertEquals("killed by signal 10 (status 138)", ExitDescriptions.of(138));
        assertEquals("exit code 1", ExitDescriptions.of(1));
        assertTrue(ExitDescriptions.of((Integer) null).contains("unknown"));
    }

    @Test
    void theRunningJavaHasAVersion() {
        String binary = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(Runtime.version().feature(), Integer.parseInt(JavaRelease.version(binary).orElseThrow().split("[.]")[0]));
    }

    @Test
    void anExitJpmCausedSaysWhy() {
        String why = "liveness: 3 health checks failed: timeout after 2s";
        assertEquals("replaced after 2m (" + why + ")",
                ExitDescriptions.of(new InstanceDescription.ExitView(1L, null, 125_000, null, why, null)));
        assertEquals("killed by SIGTERM (status 143) after 30s (" + why + ")",
                ExitDescriptions.of(new InstanceDescription.ExitView(1L, 143, 30_000, null, why, null)));
        assertEquals("exit code 1 after 5s", ExitDescriptions.of(new InstanceDescription.ExitView(1L, 1, 5_000, null, null, null)));
        assertEquals("exit code 3 after 5s: OutOfMemoryError: Java heap space",
                ExitDescriptions.of(new InstanceDescription.ExitView(1L, 3, 5_000, null, null, "OutOfMemoryError: Java heap space")));
        assertEquals("launch failed: jar not found: /x.jar",
                ExitDescriptions.of(new InstanceDescription.ExitView(1L, null, 0, "jar not found: /x.jar", null, null)));
    }
}
