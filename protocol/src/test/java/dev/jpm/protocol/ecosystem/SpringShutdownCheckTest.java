package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start warning when kill_timeout is shorter than a Spring Boot app's graceful shutdown. */
class SpringShutdownCheckTest {
    @TempDir
    Path dir;

    private Path jar(String bootVersion) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bootVersion != null) {
            manifest.getMainAttributes().putValue("Spring-Boot-Version", bootVersion);
        }
        Path jar = dir.resolve("app-" + bootVersion + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }

    private static AppSpec app(Path jar, long killTimeoutMs, List<String> args, List<String> jvmArgs, Map<String, String> env) {
        RestartSettings restart = new RestartSettings(true, 15, 1_000, 0, 0, 0, killTimeoutMs, null);
        return new AppSpec("api", jar.toString(), args, jvmArgs, "/bin/java", "/", 1, env, restart, null, null, null, null, null, null);
    }

    private Optional<String> warning(String bootVersion, long killTimeoutMs, List<String> args, List<String> jvmArgs,
            Map<String, String> env) throws IOException {
        return SpringShutdownCheck.warning(app(jar(bootVersion), killTimeoutMs, args, jvmArgs, env));
    }

    @Test
    void bootThreeFourIsGracefulByDefaultAndWaitsThirtySeconds() throws Exception {
        Optional<String> w = warning("3.4.1", 5_000, List.of(), List.of(), Map.of());
        assertEquals(Optional.of("app 'api': kill_timeout (5000 ms) is shorter than Spring Boot's graceful shutdown may take"
                + " (spring.lifecycle.timeout-per-shutdown-phase 30s, the default, then the context closes): a stop would SIGKILL"
                + " requests still in flight; set kill_timeout to at least 35s"), w);
        assertFalse(warning("3.4.1", 35_000, List.of(), List.of(), Map.of()).isPresent());
    }

    @Test
    void beforeThreeFourOnlyServerShutdownGracefulTurnsItOn() throws Exception {
        assertFalse(warning("3.3.5", 5_000, List.of(), List.of(), Map.of()).isPresent());
        assertFalse(warning("2.7.18", 5_000, List.of(), List.of(), Map.of()).isPresent());
        assertTrue(warning("3.3.5", 5_000, List.of("--server.shutdown=graceful"), List.of(), Map.of()).isPresent());
        assertTrue(warning("2.7.18", 5_000, List.of(), List.of(), Map.of("SERVER_SHUTDOWN", "graceful")).isPresent());
        // and immediate turns the 3.4 default off
        assertFalse(warning("3.4.0", 5_000, List.of(), List.of("-Dserver.shutdown=immediate"), Map.of()).isPresent());
    }

    @Test
    void theTimeoutIsReadFromArgsJvmArgsAndEnvInSpringsOrder() throws Exception {
        String timeout = "spring.lifecycle.timeout-per-shutdown-phase";
        assertTrue(warning("3.4.1", 20_000, List.of("--" + timeout + "=20s"), List.of(), Map.of()).orElseThrow()
                .contains("at least 25s"));
        assertFalse(warning("3.4.1", 25_000, List.of("--" + timeout + "=20s"), List.of(), Map.of()).isPresent());
        assertTrue(warning("3.4.1", 20_000, List.of(), List.of("-D" + timeout + "=PT1M"), Map.of()).orElseThrow()
                .contains("at least 65s"));
        assertTrue(warning("3.4.1", 9_000, List.of(), List.of(), Map.of("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE", "5s"))
                .orElseThrow().contains("at least 10s"));
        assertTrue(warning("3.4.1", 9_000, List.of(), List.of(), Map.of("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "5s"))
                .isPresent());
        // args win over jvm_args, which win over env
        assertFalse(warning("3.4.1", 9_000, List.of("--" + timeout + "=2s"), List.of("-D" + timeout + "=60s"),
                Map.of("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE", "60s")).isPresent());
        // a plain number is milliseconds in Spring, as in jpm
        assertFalse(warning("3.4.1", 9_000, List.of("--" + timeout + "=3000"), List.of(), Map.of()).isPresent());
    }

    @Test
    void aJarThatIsNotSpringBootGetsNoWarning() throws Exception {
        assertFalse(warning(null, 1_000, List.of(), List.of(), Map.of()).isPresent());
        assertFalse(SpringShutdownCheck.warning(app(dir.resolve("missing.jar"), 1_000, List.of(), List.of(), Map.of())).isPresent());
    }

    @Test
    void anUnreadableTimeoutGetsNoGuess() throws Exception {
        assertFalse(warning("3.4.1", 1_000, List.of("--spring.lifecycle.timeout-per-shutdown-phase=soon"), List.of(), Map.of())
                .isPresent());
    }
}
