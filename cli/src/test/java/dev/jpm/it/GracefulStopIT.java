package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.ExitWithCode;
import dev.jpm.it.fixtures.SignalRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** stop_signal reaches the app; stop_exit_codes keeps an app that is done from being restarted. */
class GracefulStopIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    private Path yaml(String text) throws Exception {
        Path file = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void stopSendsTheConfiguredSignal() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), SignalRecorder.class);
        Path work = Files.createDirectories(jpm.home().resolve("work"));
        jpm.jpm("start", yaml("apps:\n  - name: rec\n    jar: " + jar + "\n    cwd: " + work + "\n    stop_signal: SIGINT\n"
                + "    kill_timeout: 10s\n").toString()).expectOk();
        jpm.jpm("stop", "rec").expectOk();
        assertEquals("SIGINT", Files.readString(work.resolve("signal.txt")));
        assertEquals("stopped", jpm.list().get(0).get("status"));

        // and the default is SIGTERM
        jpm.jpm("delete", "rec").expectOk();
        Files.delete(work.resolve("signal.txt"));
        jpm.jpm("start", yaml("apps:\n  - name: rec\n    jar: " + jar + "\n    cwd: " + work + "\n").toString()).expectOk();
        jpm.jpm("stop", "rec").expectOk();
        assertEquals("SIGTERM", Files.readString(work.resolve("signal.txt")));
    }

    @Test
    void anExitCodeInStopExitCodesStaysStopped() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), ExitWithCode.class);
        jpm.jpm("start", yaml("apps:\n"
                + "  - {name: done, jar: " + jar + ", args: [0, 1500], stop_exit_codes: [0, 3]}\n"
                + "  - {name: listed, jar: " + jar + ", args: [3, 1500], stop_exit_codes: [0, 3]}\n"
                + "  - {name: crashes, jar: " + jar + ", args: [1, 1500], stop_exit_codes: [0, 3]}\n").toString()).expectOk();
        JpmHarness.await("the crashing app restarted", 20_000, () -> restarts("crashes") >= 1);
        for (String name : new String[] {"done", "listed"}) {
            Map<String, Object> row = row(name);
            assertEquals("stopped", row.get("status"), row.toString());
            assertEquals(0L, row.get("restarts"), row.toString());
        }
        String log = jpm.daemonLog();
        assertTrue(log.contains("not restarting (exit code 0 is in stop_exit_codes)"), log);
        assertTrue(log.contains("not restarting (exit code 3 is in stop_exit_codes)"), log);
    }

    private long restarts(String name) {
        return (Long) row(name).get("restarts");
    }

    private Map<String, Object> row(String name) {
        try {
            return jpm.list().stream().filter(r -> name.equals(r.get("name"))).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
