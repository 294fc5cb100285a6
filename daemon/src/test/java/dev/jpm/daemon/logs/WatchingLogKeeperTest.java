package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's keeper checks log sizes when a file changes, not every second (issue 13): real
 * files, real inotify through the JDK's watch service. Periods are the keeper's own second; the
 * waits are generous deadlines, never performance claims.
 */
class WatchingLogKeeperTest {
    private static final long DEADLINE_MS = 10_000;

    @TempDir
    Path root;

    private JpmHome home;
    private final LogHealth health = new LogHealth();
    private final LogSource api = new LogSource("api", 0, 0, new LogSettings(100, 2), null);
    private LogKeeper keeper;

    @BeforeEach
    void setUp() throws IOException {
        home = new JpmHome(root);
        Files.createDirectories(home.logsDir());
    }

    @AfterEach
    void tearDown() {
        if (keeper != null) {
            keeper.close();
        }
    }

    private LogKeeper start(List<LogSource> sources) {
        keeper = LogKeeper.watching(home, () -> sources, new Truncations(), health,
                new StampedOutput(home, health, Clock.systemDefaultZone()));
        keeper.start();
        return keeper;
    }

    /** Fails for a keeper that polls: it would have checked two or three more times. */
    @Test
    void aQuietKeeperChecksNothing() throws Exception {
        Files.writeString(api.file(home, LogStream.OUT), "hello\n");
        start(List.of(api));
        await(() -> keeper.checks() >= 1, "the first check, at start");
        long first = keeper.checks();

        Thread.sleep(3 * LogKeeper.PERIOD_MS);

        assertEquals(first, keeper.checks(), "checks while nothing was written");
    }

    @Test
    void aFileWrittenPastItsMaximumIsRotatedWithoutAPoll() throws Exception {
        Path out = Files.writeString(api.file(home, LogStream.OUT), "hello\n");
        start(List.of(api));
        await(() -> keeper.checks() >= 1, "the first check, at start");
        Thread.sleep(2 * LogKeeper.PERIOD_MS);

        Files.writeString(out, "x".repeat(150) + "\n", java.nio.file.StandardOpenOption.APPEND);

        await(() -> Files.exists(Rotator.archive(out, 1)), "the rotation of a file written past 100 bytes");
        assertEquals(0, Files.size(out));
    }

    /**
     * A writer as chatty as it gets (an append per microsecond or so) costs a check a period, not
     * one per write. Fails when every change is checked: thousands of checks.
     */
    @Test
    void aChattyWriterIsCheckedAtMostOnceAPeriod() throws Exception {
        LogSource chatty = new LogSource("chatty", 0, 0, new LogSettings(1L << 40, 2), null);
        Path out = chatty.file(home, LogStream.OUT);
        Files.createFile(out);
        start(List.of(chatty));
        await(() -> keeper.checks() >= 1, "the first check, at start");
        long before = keeper.checks();
        long writes = 0;
        long end = System.nanoTime() + 3 * LogKeeper.PERIOD_MS * 1_000_000;
        try (OutputStream append = new FileOutputStream(out.toFile(), true)) {
            byte[] line = "a line\n".getBytes(StandardCharsets.UTF_8);
            while (System.nanoTime() < end) {
                append.write(line);
                writes++;
            }
        }

        long checks = keeper.checks() - before;
        assertTrue(writes > 1000, "writes: " + writes);
        assertTrue(checks >= 1, "the writes were seen");
        assertTrue(checks <= 5, checks + " checks for " + writes + " writes in 3 periods");
    }

    /** A folder that cannot be watched (here: not there yet) is polled, as before there was a watch. */
    @Test
    void aFolderThatCannotBeWatchedIsPolled() throws Exception {
        Path missing = root.resolve("not-yet").resolve("api.log");
        LogSource elsewhere = new LogSource("api", 0, 0, new LogSettings(100, 2, missing.toString(), null, null), null);
        start(List.of(elsewhere));
        await(() -> keeper.checks() >= 1, "the first check, at start");
        long first = keeper.checks();

        await(() -> keeper.checks() >= first + 2, "two more checks, a period apart");

        Files.createDirectories(missing.getParent());
        Files.writeString(missing, "y".repeat(150) + "\n");
        await(() -> Files.exists(Rotator.archive(missing, 1)), "the rotation once the folder exists");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not within " + DEADLINE_MS + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }
}
