package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.ChildSpawner;
import dev.jpm.it.fixtures.ExitAtOnce;
import dev.jpm.it.fixtures.IgnoresTerm;
import dev.jpm.it.fixtures.MemoryHog;
import dev.jpm.it.fixtures.Sleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The main loop of a process manager with real processes: start, list, crash, restart, stop, delete, kill. */
class LifecycleIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    private Path fixture(Class<?> main) throws Exception {
        return FixtureJars.build(jpm.home(), main);
    }

    private Path yaml(String text) throws Exception {
        Path file = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void startsInstancesAndListsThemWithMetrics() throws Exception {
        Path jar = fixture(Sleeper.class);
        JpmHarness.Result r = jpm.jpm("start", jar.toString(), "-i", "2", "--name", "sleepy").expectOk();
        assertTrue(r.out().contains("sleepy"), r.out());
        assertTrue(r.out().contains("online"), r.out());

        JpmHarness.await("cpu and memory sampled", 15_000, () -> {
            try {
                return jpm.list().stream().allMatch(row -> row.get("memory") instanceof Long m && m > 0);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        List<Map<String, Object>> rows = jpm.list();
        assertEquals(2, rows.size());
        for (Map<String, Object> row : rows) {
            assertEquals("sleepy", row.get("name"));
            assertEquals("online", row.get("status"));
            assertTrue(ProcessHandle.of((Long) row.get("pid")).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(row.get("cpu") instanceof Number, "cpu " + row);
            assertTrue(row.containsKey("uptime_ms") && row.containsKey("restarts") && row.containsKey("instance"), row.toString());
        }
        assertEquals(List.of(0L, 1L), rows.stream().map(row -> row.get("instance")).sorted().toList());
        assertTrue(Files.readString(jpm.home().resolve("logs/sleepy-0-out.log")).contains("sleeper up, instance 0"));
    }

    @Test
    void restartsAnInstanceKilledWithSigkill() throws Exception {
        jpm.jpm("start", fixture(Sleeper.class).toString(), "--name", "victim").expectOk();
        Map<String, Object> before = jpm.list().get(0);
        long pid = (Long) before.get("pid");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        JpmHarness.await("a new pid online", 15_000, () -> {
            try {
                Map<String, Object> row = jpm.list().get(0);
                return "online".equals(row.get("status")) && row.get("pid") instanceof Long p && p != pid;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Map<String, Object> after = jpm.list().get(0);
        assertEquals(((Long) before.get("restarts")) + 1, after.get("restarts"));
        assertEquals(before.get("id"), after.get("id"));
    }

    @Test
    void crashingAppEndsErroredWithGrowingDelaysWhileTheDaemonAnswers() throws Exception {
        Path jar = fixture(ExitAtOnce.class);
        // min_uptime 30s: on a loaded machine (load 16 on 2 cores seen) a JVM that exits at once can take
        // over the default 1 s, which would count as a stable run and reset the crash-loop count
        Path file = yaml("apps:\n  - name: crasher\n    jar: " + jar + "\n    max_restarts: 4\n"
                + "    exp_backoff_restart_delay: 100ms\n    min_uptime: 30s\n");
        // its first run ends before min_uptime: the start says so (LAUNCH_FAILED) and the policy goes on
        assertEquals(10, jpm.jpm("start", file.toString()).exitCode());
        JpmHarness.await("errored", 30_000, () -> {
            try {
                jpm.jpm("ping").expectOk();
                return "errored".equals(jpm.list().get(0).get("status"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Map<String, Object> row = jpm.list().get(0);
        assertEquals(4L, row.get("restarts"));
        List<Long> delays = new ArrayList<>();
        Matcher m = Pattern.compile("crasher#0 .*restarting in (\\d+) ms").matcher(jpm.daemonLog());
        while (m.find()) {
            delays.add(Long.parseLong(m.group(1)));
        }
        assertEquals(List.of(100L, 150L, 225L, 337L), delays);
        assertTrue(jpm.daemonLog().contains("errored"), jpm.daemonLog());
    }

    @Test
    void stopRestartDeleteByNameIdAndAll() throws Exception {
        Path jar = fixture(Sleeper.class);
        jpm.jpm("start", jar.toString(), "-i", "2", "--name", "a").expectOk();
        jpm.jpm("start", jar.toString(), "--name", "b").expectOk();
        assertEquals(3, jpm.list().size());

        jpm.jpm("stop", "a").expectOk();
        assertEquals(List.of("stopped", "stopped", "online"), statuses());
        jpm.jpm("restart", "a").expectOk();
        assertEquals(List.of("online", "online", "online"), statuses());

        long idOfB = (Long) jpm.list().get(2).get("id");
        long pidOfB = (Long) jpm.list().get(2).get("pid");
        jpm.jpm("restart", Long.toString(idOfB)).expectOk();
        assertNotEquals(pidOfB, jpm.list().get(2).get("pid"));
        assertFalse(ProcessHandle.of(pidOfB).map(ProcessHandle::isAlive).orElse(false));

        jpm.jpm("stop", "all").expectOk();
        assertEquals(List.of("stopped", "stopped", "stopped"), statuses());
        jpm.jpm("delete", Long.toString(idOfB)).expectOk();
        assertEquals(2, jpm.list().size());
        jpm.jpm("delete", "all").expectOk();
        assertTrue(jpm.list().isEmpty());
    }

    @Test
    void stopTakesDownTheWholeProcessTree() throws Exception {
        jpm.jpm("start", fixture(ChildSpawner.class).toString(), "--name", "parent").expectOk();
        long pid = (Long) jpm.list().get(0).get("pid");
        JpmHarness.await("the child started", 10_000,
                () -> ProcessHandle.of(pid).map(p -> p.children().findAny().isPresent()).orElse(false));
        long child = ProcessHandle.of(pid).orElseThrow().children().findFirst().orElseThrow().pid();
        jpm.remember(child);
        jpm.jpm("stop", "parent").expectOk();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        JpmHarness.await("the child gone", 5_000, () -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void anAppIgnoringSigtermIsKilledAfterKillTimeout() throws Exception {
        Path file = yaml("apps:\n  - name: stubborn\n    jar: " + fixture(IgnoresTerm.class) + "\n    kill_timeout: 1s\n");
        jpm.jpm("start", file.toString()).expectOk();
        JpmHarness.await("the app installed its handler", 10_000, () -> {
            try {
                return Files.readString(jpm.home().resolve("logs/stubborn-0-out.log")).contains("up");
            } catch (Exception e) {
                return false;
            }
        });
        long pid = (Long) jpm.list().get(0).get("pid");
        jpm.jpm("stop", "stubborn").expectOk();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Files.readString(jpm.home().resolve("logs/stubborn-0-out.log")).contains("ignoring SIGTERM"));
    }

    @Test
    void killStopsEveryInstanceAndRemovesTheSocket() throws Exception {
        jpm.jpm("start", fixture(Sleeper.class).toString(), "-i", "2", "--name", "k").expectOk();
        List<Long> pids = jpm.list().stream().map(r -> (Long) r.get("pid")).toList();
        long daemon = jpm.daemonPid();
        jpm.jpm("kill").expectOk();
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "instance " + pid + " survived");
        }
        assertFalse(Files.exists(jpm.home().resolve("daemon.sock")));
        JpmHarness.await("the daemon exited", 10_000, () -> !ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void startOfAKnownAppNameStartsItAgain() throws Exception {
        jpm.jpm("start", fixture(Sleeper.class).toString(), "--name", "again").expectOk();
        jpm.jpm("stop", "again").expectOk();
        jpm.jpm("start", "again").expectOk();
        assertEquals("online", jpm.list().get(0).get("status"));
    }

    private List<String> statuses() throws Exception {
        return jpm.list().stream().map(r -> (String) r.get("status")).toList();
    }

    @Test
    void anInstanceThatStaysOverMaxMemoryRestartIsRestarted() throws Exception {
        Path file = yaml("apps:\n  - name: hog\n    jar: " + fixture(MemoryHog.class)
                + "\n    jvm_args: [-Xmx512m]\n    max_memory_restart: 100M\n");
        jpm.jpm("start", file.toString()).expectOk();
        JpmHarness.await("a restart for memory", 60_000, () -> {
            try {
                return (Long) jpm.list().get(0).get("restarts") >= 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(jpm.daemonLog().contains("over max_memory_restart"), jpm.daemonLog());
    }
}
