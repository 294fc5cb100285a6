package dev.jpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives {@code jpm monit} in a detached tmux session of a fixed size against a real daemon
 * running two demo instances: the table shows them, {@code r} restarts the selected one, a
 * smaller window drops columns, {@code q} quits. Every wait polls with a deadline.
 */
class MonitIT {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final long TIMEOUT_MS = 60_000;
    /** A row of the table: id, name#index, pid, status, restarts. */
    private static final Pattern ROW0 = Pattern.compile("(?m)^\\s*0\\s+web#0\\s+(\\d+)\\s+(\\w+)\\s+(\\d+)\\s");

    /** A tmux server of our own (its socket in the temp home), so no other tmux user is touched. */
    private String socket;
    private final Set<Long> pids = new HashSet<>();
    private Path home;
    private String jpmJar;
    private String demoJar;

    @BeforeEach
    void setUp() throws IOException {
        jpmJar = System.getProperty("jpm.jar");
        demoJar = System.getProperty("demo.jar");
        assumeTrue(jpmJar != null && demoJar != null, "run by failsafe, which passes jpm.jar and demo.jar");
        home = Files.createTempDirectory("jpm-monit-it");
        socket = home.resolve("tmux.sock").toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (home == null) {
            return;
        }
        run(List.of("tmux", "-S", socket, "kill-server"), 10_000);
        jpm(List.of("kill"), 30_000);
        Path pidFile = home.resolve("daemon.pid");
        if (Files.exists(pidFile)) {
            pids.add(Long.parseLong(Files.readString(pidFile).trim()));
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(MonitIT::stop);
        }
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void refusesWithoutATerminal() throws Exception {
        Result r = jpm(List.of("monit"), 30_000);
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("jpm list"), r.output());
        assertFalse(Files.exists(home.resolve("daemon.sock")), "no daemon is started for nothing");
    }

    @Test
    void watchesRestartsResizesAndQuits() throws Exception {
        assumeTrue(run(List.of("tmux", "-V"), 10_000).exit() == 0, "tmux is not installed");
        Result started = jpm(List.of("start", demoJar, "-i", "2", "--name", "web", "--", "--port=0"), TIMEOUT_MS);
        assertEquals(0, started.exit(), started.output());

        String monit = "JPM_HOME=" + quote(home.toString()) + " " + quote(JAVA.toString()) + " -cp " + quote(jpmJar)
                + " dev.jpm.cli.Main monit; echo MONIT-EXITED $?; sleep 600";
        Result tmux = run(List.of("tmux", "-S", socket, "new-session", "-d", "-s", "monit", "-x", "120", "-y", "30", monit),
                10_000);
        assertEquals(0, tmux.exit(), tmux.output());

        String screen = await(s -> ROW0.matcher(s).find() && s.contains("web#1") && s.contains("2 online"));
        assertTrue(screen.lines().skip(1).findFirst().orElse("").contains("threads"), "all columns at 120: " + screen);
        Matcher before = ROW0.matcher(screen);
        assertTrue(before.find());
        long oldPid = Long.parseLong(before.group(1));
        int oldRestarts = Integer.parseInt(before.group(3));
        pids.add(oldPid);

        keys("r");
        String restarted = await(s -> {
            Matcher m = ROW0.matcher(s);
            return m.find() && Long.parseLong(m.group(1)) != oldPid && "online".equals(m.group(2))
                    && Integer.parseInt(m.group(3)) == oldRestarts + 1;
        });
        Matcher after = ROW0.matcher(restarted);
        assertTrue(after.find());
        pids.add(Long.parseLong(after.group(1)));
        assertNotEquals(oldPid, Long.parseLong(after.group(1)));

        assertEquals(0, run(List.of("tmux", "-S", socket, "resize-window", "-t", "monit", "-x", "70", "-y", "20"), 10_000).exit());
        String narrow = await(s -> {
            String header = s.lines().skip(1).findFirst().orElse("");
            return header.contains("memory") && !header.contains("threads");
        });
        narrow.lines().forEach(line -> assertTrue(line.length() <= 70, "fits 70 columns: " + line));

        keys("q");
        await(s -> s.contains("MONIT-EXITED 0"));
    }

    private void keys(String keys) throws Exception {
        assertEquals(0, run(List.of("tmux", "-S", socket, "send-keys", "-t", "monit", keys), 10_000).exit());
    }

    /** Captures the pane until it satisfies {@code ready}; fails with the last capture at the deadline. */
    private String await(Predicate<String> ready) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String screen = "";
        while (System.currentTimeMillis() < deadline) {
            Result capture = run(List.of("tmux", "-S", socket, "capture-pane", "-p", "-t", "monit"), 10_000);
            screen = capture.output();
            if (capture.exit() == 0 && ready.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the screen never got there; last capture:\n" + screen);
    }

    private Result jpm(List<String> args, long timeoutMs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-cp", jpmJar, "dev.jpm.cli.Main"));
        cmd.addAll(args);
        return run(cmd, timeoutMs);
    }

    private Result run(List<String> cmd, long timeoutMs) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JPM_HOME", home.toString());
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            stop(p.toHandle());
        }
        return new Result(p.isAlive() ? -1 : p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private record Result(int exit, String output) {
    }
}
