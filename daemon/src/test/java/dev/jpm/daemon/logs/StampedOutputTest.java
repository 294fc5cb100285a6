package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.home.PathSafety;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real named pipes, real writer processes: what reaches the file, and what rotation does to it. */
class StampedOutputTest {
    private static final String FORMAT = "yyyy-MM-dd HH:mm:ss.SSS";
    private static final Pattern STAMPED = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (.*)");
    private static final long DEADLINE_MS = 60_000;

    @TempDir
    Path root;
    private JpmHome home;
    private final LogHealth health = new LogHealth();
    private StampedOutput stamped;

    @BeforeEach
    void setUp() throws IOException {
        home = new JpmHome(root.resolve("home"));
        PathSafety.preparePrivateFolders(home);
        stamped = new StampedOutput(home, health, Clock.systemDefaultZone());
    }

    private Process launch(Path file, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        try (StampedOutput.Pending pipe = stamped.open("api", 0, LogStream.OUT, file, FORMAT)) {
            builder.redirectOutput(pipe.redirect());
            builder.command(StampedOutput.holdingReadEnds(List.of(pipe), builder.command()));
            return builder.start();
        }
    }

    /** The reader is done once its pipe is gone (it deletes it after the last byte). */
    private void awaitPipesGone() throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (pipes().size() > 0) {
            assertTrue(System.currentTimeMillis() < deadline, "the reader never finished: " + pipes());
            Thread.sleep(20);
        }
    }

    private List<Path> pipes() throws IOException {
        try (var files = Files.list(home.logsDir())) {
            return files.filter(f -> f.toString().endsWith(StampedOutput.PIPE_SUFFIX)).toList();
        }
    }

    @Test
    void everyLineIsStampedAndAPartialLastLineIsKept() throws Exception {
        Path file = root.resolve("app-logs/out.log");
        Process writer = launch(file, "sh", "-c", "echo one; echo two; printf 'no newline at the end'");
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        awaitPipesGone();

        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals(List.of("one", "two", "no newline at the end"), lines.stream().map(StampedOutputTest::unstamped).toList());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file.getParent())), "a folder jpm makes is the owner's");
    }

    /**
     * 200,000 numbered lines through the pipe while the keeper rotates the file at 64 KB: every
     * number is in the file or an archive exactly once, each line stamped. The rotation pauses
     * the daemon's reader, not the process (which knows nothing of it).
     */
    @Test
    void rotationWhileAFastWriterWritesLosesNoLine() throws Exception {
        int count = 200_000;
        Path file = root.resolve("app-logs/out.log");
        LogSource source = new LogSource("api", 0, 0, new LogSettings(64 * 1024, 10_000, file.toString(), null, FORMAT), null);
        LogKeeper keeper = new LogKeeper(home, () -> List.of(source), new Truncations(), health, stamped);
        try {
            Process writer = launch(file, java(), "-cp", testClasses(), NumberWriter.class.getName(), Integer.toString(count));
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (writer.isAlive() || !pipes().isEmpty()) {
                assertTrue(System.currentTimeMillis() < deadline, "the writer or its reader never finished");
                keeper.checkOnce();
                Thread.sleep(5);
            }
            assertEquals(0, writer.exitValue());
        } finally {
            keeper.close();
        }

        List<String> lines = new ArrayList<>();
        List<Path> archives;
        try (var files = Files.list(file.getParent())) {
            archives = files.filter(f -> f.toString().endsWith(".gz")).toList();
        }
        assertTrue(archives.size() > 5, "rotated several times: " + archives.size());
        for (Path archive : archives) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
                lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        lines.addAll(Files.readAllLines(file));
        boolean[] seen = new boolean[count];
        for (String line : lines) {
            int n = Integer.parseInt(unstamped(line));
            assertFalse(seen[n], "twice: " + n);
            seen[n] = true;
        }
        for (int n = 0; n < count; n++) {
            assertTrue(seen[n], "lost: " + n);
        }
        assertEquals(count, lines.size());
    }

    /**
     * The process holds a reading end of its own pipe (descriptor 3), which is what keeps its
     * writes from failing while no daemon reads: sh opened it and exec-ed the command in place.
     */
    @Test
    void theInstanceHoldsAReadingEndOfItsPipe() throws Exception {
        Path file = root.resolve("app-logs/out.log");
        Process sleeper = launch(file, "sleep", "30");
        try {
            Path pipe = pipes().get(0);
            Path fd3 = Path.of("/proc", Long.toString(sleeper.pid()), "fd", "3");
            await(() -> Files.exists(fd3, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && sleeper.info().command().orElse("").endsWith("sleep"));
            assertEquals(pipe, Files.readSymbolicLink(fd3));
            assertTrue(sleeper.info().command().orElseThrow().endsWith("sleep"), "sh exec-ed the command: same pid");
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        awaitPipesGone();
    }

    /** Waits up to the deadline for a condition; fails the test past it. */
    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out");
            Thread.sleep(10);
        }
    }

    /** A daemon that died left the pipe; the next one reads it again, and the process's later lines arrive. */
    @Test
    void aNewDaemonReadsThePipeAgain() throws Exception {
        Path file = root.resolve("app-logs/out.log");
        Path go = root.resolve("go");
        Process writer = launch(file, "sh", "-c", "echo before; while [ ! -e " + go + " ]; do sleep 0.05; done; echo after");
        try {
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (!Files.exists(file) || Files.size(file) == 0) {
                assertTrue(System.currentTimeMillis() < deadline);
                Thread.sleep(20);
            }
            // a second daemon's reader on the same pipe stands in for the next daemon's
            StampedOutput next = new StampedOutput(home, health, Clock.systemDefaultZone());
            next.resume(List.of(new LogSource("api", 0, 0, new LogSettings(1 << 20, 1, file.toString(), null, FORMAT),
                    writer.pid())));
            Files.writeString(go, "");
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            awaitPipesGone();
        } finally {
            writer.destroyForcibly();
        }
        assertEquals(List.of("before", "after"), Files.readAllLines(file).stream().map(StampedOutputTest::unstamped).toList());
    }

    private static String unstamped(String line) {
        var m = STAMPED.matcher(line);
        assertTrue(m.matches(), "not stamped: " + line);
        return m.group(1);
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasses() throws Exception {
        return Path.of(NumberWriter.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
