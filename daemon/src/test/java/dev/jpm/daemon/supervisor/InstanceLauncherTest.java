package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceLauncherTest {
    private static final AppSpec SPEC = new AppSpec("api", "/srv/api.jar", List.of("--server.port=${PORT}", "--port", "${PORT}"),
            List.of("-Dport=${PORT}", "-Xmx64m"), "/usr/bin/java", "/srv", 1, null, null, null, null, null, null, null, null);

    @Test
    void portIsSubstitutedInArgsAndJvmArgs() {
        assertEquals(List.of("/usr/bin/java", "-XX:+ExitOnOutOfMemoryError", "-Dport=41000", "-Xmx64m", "-jar", "/srv/api.jar",
                "--server.port=41000", "--port", "41000"), InstanceLauncher.command(SPEC, List.of("-XX:+ExitOnOutOfMemoryError"), 41000));
    }

    @Test
    void withoutAPortThePlaceholderStays() {
        assertEquals("--server.port=${PORT}", InstanceLauncher.command(SPEC, List.of(), null).get(5));
    }
}
