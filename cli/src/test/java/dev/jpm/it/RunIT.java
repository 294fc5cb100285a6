package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jpm.it.fixtures.ExitAtOnce;
import dev.jpm.it.fixtures.OrphanMaker;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jpm run} as a container runs it: the apps' output prefixed on stdout, the daemon inside
 * the process reachable from other terminals, SIGTERM stopping every instance and exiting 0,
 * every app errored exiting non-zero, and orphans reaped when it is PID 1.
 */
class RunIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();
    private Process run;

    @AfterEach
    void stopRun() {
        if (run != null && run.isAlive()) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    @Test
    void runsTheDemoInTheForegroundAndSigtermStopsEveryInstanceAndExits0() throws Exception {
        int port = ForegroundDaemonIT.freePort();
        Path ecosystem = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(ecosystem, "apps:\n  - name: demo\n    jar: " + JpmHarness.demoJar() + "\n    instances: 2\n"
                + "    port: " + port + "\n    protocol: http\n    health_path: /health\n    jvm_args: [-Xmx64m]\n");
        run = startRun(List.of(ecosystem.toString()), "demo");
        JpmHarness.await("both instances listening, on stdout", 60_000, () -> output("demo").lines()
                .filter(l -> l.matches("[01]\\|demo\\|demo-app listening on port \\d+ \\(pid \\d+\\)")).count() == 2);

        // another terminal: the same socket
        List<Long> pids = jpm.list().stream().map(row -> (Long) row.get("pid")).sorted().toList();
        assertEquals(2, pids.size());
        assertEquals(run.pid(), jpm.daemonPid(), "the daemon is the run process itself");
        assertTrue(run.descendants().map(ProcessHandle::pid).toList().containsAll(pids), "the instances are its children");

        FrozenDaemonIT.signal("TERM", run.pid());
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "jpm run did not exit after SIGTERM");
        assertEquals(0, run.exitValue());
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "instance " + pid + " outlived jpm run");
        }
        assertTrue(output("demo").contains("|demo|demo-app stopped"), output("demo"));
        assertTrue(Files.readString(jpm.home().resolve("logs/demo-0-out.log")).contains("listening"), "still in the log files");
    }

    @Test
    void exitsNonZeroOnceEveryAppIsErrored() throws Exception {
        Path failing = FixtureJars.build(jpm.home(), ExitAtOnce.class);
        run = startRun(List.of(failing.toString(), "--name", "broken", "-i", "2"), "broken");
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "jpm run did not end with every app errored");
        assertEquals(10, run.exitValue(), errors("broken"));
        assertTrue(errors("broken").contains("0|broken|err|fixture: failing at once"), errors("broken"));
    }

    /**
     * As PID 1 (a new PID namespace), through the launcher: bash stays PID 1 and reaps an app's
     * orphan. The same run with java itself as PID 1 leaves the orphan a zombie, which is why.
     */
    @Test
    void asPid1TheLauncherReapsOrphansAndPassesSigtermOn() throws Exception {
        assumeTrue(isRoot() && new File("/usr/bin/unshare").canExecute(), "a PID namespace needs root and unshare");
        Path orphanMaker = FixtureJars.build(jpm.home(), OrphanMaker.class);
        Path launcher = Path.of("..", "jpm").toAbsolutePath().normalize();

        run = spawn(List.of("/usr/bin/unshare", "--pid", "--fork", "--mount-proc", launcher.toString(), "run", orphanMaker.toString(),
                "--name", "orphans"), "launcher");
        JpmHarness.await("the orphan's fate", 60_000, () -> output("launcher").contains("orphan "));
        assertTrue(output("launcher").matches("(?s).*0\\|orphans\\|orphan \\d+ reaped.*"), output("launcher"));
        ProcessHandle pid1 = run.toHandle().children().findFirst().orElseThrow(); // unshare's child: PID 1 inside
        FrozenDaemonIT.signal("TERM", pid1.pid());
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), errors("launcher"));

        run = spawn(List.of("/usr/bin/unshare", "--pid", "--fork", "--mount-proc", JpmHarness.java(), "-cp",
                jar(), "dev.jpm.cli.Main", "run", orphanMaker.toString(), "--name", "javaorphans"),
                "java");
        // another name: the log of 'orphans' holds the first run's line, which 'jpm run' shows first (LINES_AT_START)
        JpmHarness.await("the orphan's fate", 60_000, () -> output("java").contains("orphan "));
        assertTrue(output("java").matches("(?s).*0\\|javaorphans\\|orphan \\d+ state Z.*"), output("java"));
        FrozenDaemonIT.signal("TERM", run.toHandle().children().findFirst().orElseThrow().pid());
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    }

    private Process startRun(List<String> args, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JpmHarness.java(), "-cp", jar(),
                "dev.jpm.cli.Main", "run"));
        cmd.addAll(args);
        return spawn(cmd, name);
    }

    private Process spawn(List<String> cmd, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JPM_HOME", jpm.home().toString());
        pb.environment().put("NO_COLOR", "1");
        pb.redirectOutput(jpm.home().resolve("run-" + name + ".out").toFile());
        pb.redirectError(jpm.home().resolve("run-" + name + ".err").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = pb.start();
        jpm.remember(process.pid());
        return process;
    }

    private String output(String name) {
        return read("run-" + name + ".out");
    }

    private String errors(String name) {
        return read("run-" + name + ".err");
    }

    private String read(String file) {
        try {
            return Files.readString(jpm.home().resolve(file));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String jar() {
        return Path.of(System.getProperty("jpm.jar", "target/jpm.jar")).toAbsolutePath().toString();
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
