package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of issue 14's stop, liveness and schedule settings: each one read, each mistake placed. */
class LivenessAndStopReaderTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void jar() throws IOException {
        file = dir.resolve("ecosystem.yaml");
        Files.writeString(dir.resolve("app.jar"), "");
    }

    private AppSpec read(String appKeys) throws EcosystemException {
        return EcosystemReader.parse("apps:\n  - name: api\n    jar: app.jar\n" + appKeys, file, null, "/bin/java").apps().get(0);
    }

    /** The app's extra keys start on line 4, column 5. */
    private void assertRefused(String appKeys, int line, int column, String message) {
        EcosystemException e = assertThrows(EcosystemException.class, () -> read(appKeys));
        assertEquals(message, e.plainMessage());
        assertEquals(line + ":" + column, e.line() + ":" + e.column(), e.getMessage());
    }

    @Test
    void defaultsWhenNoKeyIsSet() throws Exception {
        AppSpec app = read("");
        assertEquals(StopSettings.DEFAULTS, app.stop());
        assertEquals(LivenessSettings.DEFAULTS, app.liveness());
        assertNull(app.restart().cronRestart());
    }

    @Test
    void stopKeysAreRead() throws Exception {
        AppSpec app = read("    stop_signal: SIGINT\n    stop_exit_codes: [3, 0, 3]\n");
        assertEquals(new StopSettings("SIGINT", List.of(0, 3)), app.stop());
        assertEquals("SIGHUP", read("    stop_signal: hup\n").stop().signal());
        assertEquals("SIGUSR1", read("    stop_signal: SIGusr1\n").stop().signal());
        assertEquals(List.of(0), read("    stop_exit_codes: 0\n").stop().exitCodes());
    }

    @Test
    void stopKeyMistakes() {
        assertRefused("    stop_signal: SIGQUIT\n", 4, 18, "'stop_signal' of app 'api' cannot be SIGQUIT: a JVM answers SIGQUIT"
                + " with a thread dump and goes on running, so every stop would wait kill_timeout and end in SIGKILL");
        assertRefused("    stop_signal: KILL\n", 4, 18, "'stop_signal' of app 'api' cannot be SIGKILL: it cannot be caught, so"
                + " the app never shuts down cleanly; jpm sends it anyway after kill_timeout");
        assertRefused("    stop_signal: SIGTREM\n", 4, 18, "'stop_signal' of app 'api' must be SIGTERM, SIGINT, SIGHUP, SIGUSR1,"
                + " SIGUSR2, found 'SIGTREM' (did you mean 'SIGTERM'?)");
        assertRefused("    stop_signal: [SIGTERM]\n", 4, 18, "wrong type for 'stop_signal' in app 'api': expected string, found a list");
        assertRefused("    stop_exit_codes: [0, 256]\n", 4, 26, "'stop_exit_codes' of app 'api' must be from 0 to 255, found 256");
        assertRefused("    stop_exit_codes: [0, x]\n", 4, 26, "wrong type for 'stop_exit_codes' in app 'api': expected integer, found 'x'");
        assertRefused("    stop_exit_codes: {a: 1}\n", 4, 22,
                "wrong type for 'stop_exit_codes' in app 'api': expected list of integers, found a mapping");
        assertRefused("    stop_exit_codes: [[1]]\n", 4, 23,
                "wrong type in 'stop_exit_codes' of app 'api': expected each item to be an integer, found a list");
    }

    @Test
    void clusterLivenessTakesTheHealthPathAndItsTimings() throws Exception {
        AppSpec app = read("    port: 8080\n    health_path: /health\n    health_interval: 5s\n    health_timeout: 500ms\n"
                + "    health_failures: 2\n");
        assertEquals(new LivenessSettings(null, 5_000, 500, 2), app.liveness());
        assertEquals(LivenessSettings.DEFAULTS, read("    port: 8080\n    health_path: /health\n").liveness());
    }

    @Test
    void forkLivenessTakesAUrl() throws Exception {
        AppSpec app = read("    health_url: http://127.0.0.1:${PORT}/health\n    health_interval: 1m\n");
        assertEquals(new LivenessSettings("http://127.0.0.1:${PORT}/health", 60_000, 2_000, 3), app.liveness());
        assertEquals(true, app.liveness().urlNeedsPort());
        assertEquals(false, read("    health_url: http://localhost:9000/\n").liveness().urlNeedsPort());
    }

    @Test
    void livenessKeyMistakes() {
        assertRefused("    health_interval: 5s\n", 4, 5, "'health_interval' in app 'api' only applies with 'health_url'"
                + " (there is nothing to check); add one or remove it");
        assertRefused("    port: 8080\n    health_failures: 2\n", 5, 5, "'health_failures' in app 'api' only applies with"
                + " 'health_path' (there is nothing to check); add one or remove it");
        assertRefused("    port: 8080\n    health_url: http://127.0.0.1:1/\n", 5, 5, "'health_url' in app 'api' is for apps without"
                + " a port; with 'port', 'health_path' is checked on each instance's internal port");
        assertRefused("    health_url: https://127.0.0.1:${PORT}/health\n", 4, 17, "'health_url' of app 'api' must start with"
                + " http:// (the check does not speak TLS), found 'https://127.0.0.1:${PORT}/health'");
        assertRefused("    health_url: http://127.0.0.1/health\n", 4, 17, "'health_url' of app 'api' must name a host and a port,"
                + " e.g. http://127.0.0.1:${PORT}/health, found 'http://127.0.0.1/health'");
        assertRefused("    health_url: 'http://a b/'\n", 4, 17, "'health_url' of app 'api' is not a valid URL: Illegal character in authority");
        assertRefused("    health_url: http://h:1/\n    health_timeout: 0\n", 5, 21, "'health_timeout' of app 'api' must be longer than 0");
        assertRefused("    health_url: http://h:1/\n    health_interval: soon\n", 5, 22,
                "'health_interval' of app 'api': bad duration 'soon': expected a whole number of milliseconds, or one followed by ms, s, m or h (500ms, 2s, 1m)");
        assertRefused("    health_url: http://h:1/\n    health_failures: 0\n", 5, 22,
                "'health_failures' of app 'api' must be at least 1, found 0");
    }

    @Test
    void cronRestartIsReadAndNormalised() throws Exception {
        assertEquals("0 3 * * *", read("    cron_restart: ' 0  3 * * *'\n").restart().cronRestart());
        assertEquals("*/15 * * * mon-fri", read("    cron_restart: '*/15 * * * mon-fri'\n").restart().cronRestart());
    }

    @Test
    void cronRestartMistakes() {
        assertRefused("    cron_restart: '0 25 * * *'\n", 4, 19, "'cron_restart' of app 'api' hour field: '25' is out of range 0-23");
        assertRefused("    cron_restart: '0 3 * *'\n", 4, 19, "'cron_restart' of app 'api' must have 5 fields"
                + " (minute hour day-of-month month day-of-week), found 4 in '0 3 * *'");
        assertRefused("    cron_restart: [1]\n", 4, 19, "wrong type for 'cron_restart' in app 'api': expected string, found a list");
    }
}
