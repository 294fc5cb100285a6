package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A launch that fails is a failed start: counted, explained, never reported as a success. */
class LaunchFailureIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @AfterEach
    void killLostProcesses() {
        HomeProcesses.killAll(jpm.home());
    }

    private Path yaml(String text) throws Exception {
        Path file = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aRemovedWorkingFolderEndsErroredWithItsReasonAfterMaxRestarts() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        Path cwd = Files.createDirectories(jpm.home().resolve("work"));
        jpm.jpm("start", yaml("apps:\n  - name: homeless\n    jar: " + jar + "\n    cwd: " + cwd
                + "\n    max_restarts: 2\n").toString()).expectOk();
        long pid = (Long) jpm.list().get(0).get("pid");
        Files.delete(cwd);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        List<String> seen = new ArrayList<>();
        JpmHarness.await("errored", 30_000, () -> {
            try {
                Map<String, Object> row = jpm.list().get(0);
                seen.add(row.get("status") + "/" + row.get("pid"));
                return "errored".equals(row.get("status"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertFalse(seen.stream().anyMatch(s -> s.startsWith("online/") && s.endsWith("/null")), "online without a pid: " + seen);
        String describe = jpm.jpm("describe", "homeless").expectOk().out();
        assertTrue(describe.contains("launch failed: working folder not found: " + cwd), describe);
        long launches = jpm.daemonLog().lines().filter(l -> l.contains("cannot launch homeless")).count();
        assertEquals(3, launches, "max_restarts 2: the first try and two more, not hundreds\n" + jpm.daemonLog());
    }

    @Test
    void javaThatIsAFolderIsRefusedAtStart() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        JpmHarness.Result r = jpm.jpm("start", yaml("apps:\n  - name: badjava\n    jar: " + jar + "\n    java: "
                + jpm.home() + "\n").toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("java is not an executable file: " + jpm.home()), r.err());
        assertEquals(List.of(), jpm.list());
    }

    @Test
    void aJarWithoutAPortThatExitsAtOnceFailsTheStartWithItsExitCodeAndErrLog() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        JpmHarness.Result r = jpm.jpm("start", jar.toString(), "--name", "tiny", "--jvm-args", "-Xmx1k");
        assertEquals(10, r.exitCode(), r.out() + r.err());
        assertFalse(r.out().contains("✓"), r.out());
        assertTrue(r.err().contains("exited with code 1"), r.err());
        assertTrue(r.err().contains("Too small maximum heap"), "the end of the err log: " + r.err());

        JpmHarness.Result restart = jpm.jpm("restart", "tiny");
        assertEquals(10, restart.exitCode(), restart.out() + restart.err());
    }
}
