package dev.jpm.it;

import dev.jpm.protocol.wire.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real jpm for one test: its own temporary JPM_HOME, the real jpm.jar run as a separate
 * process for every command, and a clean-up that stops the daemon and every instance it ever
 * saw, by pid, however the test ended. Used as a JUnit extension,
 * {@code @RegisterExtension final JpmHarness jpm = JpmHarness.create();}, it cleans up after each test.
 */
public final class JpmHarness implements AutoCloseable, org.junit.jupiter.api.extension.AfterEachCallback {
    private static final long COMMAND_TIMEOUT_S = 90;

    private final Path home;
    private final Path jar;
    private final Set<Long> seenPids = new HashSet<>();

    /** For a field initialiser, which cannot throw a checked exception. */
    public static JpmHarness create() {
        try {
            return new JpmHarness();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public JpmHarness() throws IOException {
        // short path: a Unix socket path must fit in 108 bytes
        this.home = Files.createTempDirectory(Path.of("/tmp"), "jpm-it-");
        this.jar = Path.of(System.getProperty("jpm.jar", "target/jpm.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("jpm.jar not built at " + jar + "; run mvn verify");
        }
    }

    @Override
    public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
        close();
    }

    public Path home() {
        return home;
    }

    public static Path demoJar() {
        return Path.of(System.getProperty("demo.jar", "../demo-app/target/demo-app.jar")).toAbsolutePath().normalize();
    }

    /** What a command printed and how it exited. */
    public record Result(int exitCode, String out, String err) {
        public Result expectOk() {
            if (exitCode != 0) {
                throw new AssertionError("jpm failed with " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    public Result jpm(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }

    /** Runs the CLI with {@code prefix} before java (e.g. to run it as another user). */
    public Result run(List<String> prefix, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(java());
        cmd.add("-cp");
        cmd.add(jar.toString());
        cmd.add("dev.jpm.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JPM_HOME", home.toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("COLUMNS", "200");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jpm " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT_S + " s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** {@code jpm list --json}, parsed; remembers every pid so that clean-up can find them. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list() throws IOException, InterruptedException {
        Result r = jpm("list", "--json").expectOk();
        List<Map<String, Object>> rows = (List<Map<String, Object>>) Json.parse(r.out().trim());
        rows.forEach(row -> {
            if (row.get("pid") instanceof Long pid) {
                seenPids.add(pid);
            }
        });
        return rows;
    }

    public Long daemonPid() throws IOException {
        Path pidFile = home.resolve("daemon.pid");
        return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).trim()) : null;
    }

    public void remember(long pid) {
        seenPids.add(pid);
    }

    public String daemonLog() throws IOException {
        Path log = home.resolve("daemon.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    public static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops the daemon and every instance this harness saw, politely first, by pid after. */
    @Override
    public void close() throws Exception {
        try {
            list();
        } catch (Throwable ignored) {
            // the daemon may be gone already; the pids we know are enough
        }
        Long daemon = null;
        try {
            daemon = daemonPid();
            jpm("kill");
        } catch (Throwable ignored) {
            // fall through to killing by pid
        }
        if (daemon != null) {
            seenPids.add(daemon);
        }
        for (long pid : seenPids) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        }
        deleteTree(home);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
