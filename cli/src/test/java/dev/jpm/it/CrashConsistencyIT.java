package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash consistency (DESIGN.md decisions 11-13): a daemon killed at any moment of a start, a
 * damaged state.json and a state.json that cannot be written never leave a process nobody
 * manages, and never a success that is not true.
 */
class CrashConsistencyIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @AfterEach
    void killLostProcesses() {
        HomeProcesses.killAll(jpm.home());
    }

    private Set<Long> listedPids() throws Exception {
        return jpm.list().stream().map(r -> r.get("pid")).filter(p -> p instanceof Long).map(p -> (Long) p)
                .collect(Collectors.toSet());
    }

    private void killDaemonHard() throws Exception {
        ProcessHandle daemon = ProcessHandle.of(jpm.daemonPid()).orElseThrow();
        daemon.destroyForcibly();
        daemon.onExit().get(10, TimeUnit.SECONDS);
    }

    /**
     * A 3-instance start, the daemon killed -9 at the moment its log shows the first, second or
     * third launch (the worst moments: a process exists that state.json may not know yet): every
     * running instance is listed by the next daemon and nothing survives kill. The old daemon lost
     * an instance in most rounds.
     */
    @Test
    void aDaemonKilledDuringStartLeavesNoProcessUnmanaged() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        for (int round = 0; round < 6; round++) {
            jpm.jpm("ping").expectOk();
            String app = "crash" + round;
            Process start = startInBackground(jar, app);
            String launch = "started " + app + "#" + (round % 3) + " ";
            awaitInDaemonLog(launch, start);
            killDaemonHard();
            assertTrue(start.waitFor(30, TimeUnit.SECONDS), "the CLI of the interrupted start ends");

            // the list first: the new daemon it starts launches what was recorded but never launched
            Set<Long> listed = listedPids();
            Set<Long> running = HomeProcesses.runningFrom(jpm.home());
            assertEquals(running, listed, "killed at '" + launch + "': every running instance is listed");
            assertEquals(running, roots(HomeProcesses.marked(jpm.home())), "and every one carries the marker");
            assertEquals(3, jpm.list().stream().filter(r -> app.equals(r.get("name"))).count(),
                    "the start was recorded whole before its first launch");
        }
        jpm.jpm("kill").expectOk();
        assertEquals(Set.of(), HomeProcesses.runningFrom(jpm.home()), "kill leaves no instance running");
        assertEquals(Set.of(), HomeProcesses.marked(jpm.home()), "nor any marked process");
        try (Stream<Path> files = Files.list(jpm.home())) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(),
                    "no temp files left behind");
        }
    }

    /** Polls every 2 ms, not the harness's 50: launches follow each other within tens of milliseconds. */
    private void awaitInDaemonLog(String text, Process cli) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!jpm.daemonLog().contains(text)) {
            assertTrue(cli.isAlive() && System.currentTimeMillis() < deadline, "no '" + text + "' in daemon.log");
            Thread.sleep(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"nextId\": 2, \"apps\": [ garbage", ""})
    void aDamagedStateFileIsRecoveredVisiblyAndStartsNoDuplicates(String damage) throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        jpm.jpm("start", jar.toString(), "-i", "2", "--name", "keep").expectOk();
        Set<Long> before = listedPids();
        assertEquals(2, before.size());
        killDaemonHard();
        Files.writeString(jpm.home().resolve("state.json"), damage);

        JpmHarness.Result list = jpm.jpm("list").expectOk();
        assertTrue(list.err().contains("state.json") && list.err().contains("recovered"), list.err());
        assertEquals(before, listedPids(), "both instances are listed with their pids");
        assertFalse(jpm.jpm("list").err().contains("state.json"), "the notice is printed once");

        assertNotEquals(0, jpm.jpm("start", jar.toString(), "-i", "2", "--name", "keep").exitCode());
        assertEquals(before, HomeProcesses.runningFrom(jpm.home()), "no duplicates run");
    }

    @Test
    void killWithNoDaemonStopsTheInstancesADeadDaemonLeft() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        jpm.jpm("start", jar.toString(), "-i", "2", "--name", "left").expectOk();
        assertEquals(2, listedPids().size());
        killDaemonHard();

        jpm.jpm("kill").expectOk();
        assertEquals(Set.of(), HomeProcesses.runningFrom(jpm.home()), "kill found them by their marker and stopped them");
        assertEquals(Set.of(), HomeProcesses.marked(jpm.home()));
    }

    @Test
    void aStartWhoseStateCannotBeWrittenFailsAndLaunchesNothing() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        jpm.jpm("ping").expectOk();
        // a folder where state.json should be: every write of it fails, with any temp-file scheme
        Path state = jpm.home().resolve("state.json");
        Files.deleteIfExists(state);
        Files.createDirectories(state.resolve("blocker"));

        JpmHarness.Result r = jpm.jpm("start", jar.toString(), "-i", "2", "--name", "nostate");
        assertEquals(8, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("state.json"), r.err());
        assertFalse(r.out().contains("✓"), r.out());
        assertEquals(Set.of(), HomeProcesses.runningFrom(jpm.home()), "nothing was launched");
        assertEquals(List.of(), jpm.list(), "and nothing is listed");
    }

    /** The marked processes whose parent is not marked: the instances, not children they started. */
    private static Set<Long> roots(Set<Long> marked) {
        Set<Long> roots = new HashSet<>();
        for (long pid : marked) {
            long parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(0L);
            if (!marked.contains(parent)) {
                roots.add(pid);
            }
        }
        return roots;
    }

    private Process startInBackground(Path jar, String app) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(JpmHarness.java(), "-cp",
                Path.of(System.getProperty("jpm.jar", "target/jpm.jar")).toAbsolutePath().toString(), "dev.jpm.cli.Main",
                "start", jar.toString(), "-i", "3", "--name", app);
        pb.environment().put("JPM_HOME", jpm.home().toString());
        pb.environment().put("NO_COLOR", "1");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }
}
