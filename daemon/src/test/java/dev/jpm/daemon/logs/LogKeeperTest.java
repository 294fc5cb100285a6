package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.Futures;
import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogKeeperTest {
    @TempDir
    Path root;

    private JpmHome home;
    private final Truncations truncations = new Truncations();
    private final LogHealth health = new LogHealth();
    private LogKeeper keeper;
    private final LogSource big = new LogSource("big", 0, 0, new LogSettings(100, 2), null);
    private final LogSource small = new LogSource("small", 1, 0, new LogSettings(10_000, 2), null);

    @BeforeEach
    void setUp() throws IOException {
        home = new JpmHome(root);
        Files.createDirectories(home.logsDir());
        keeper = new LogKeeper(home, () -> List.of(big, small), truncations, health);
    }

    @AfterEach
    void tearDown() {
        keeper.close();
    }

    @Test
    void rotatesOnlyTheFilesPastTheirAppsMaximum() throws IOException {
        Path bigOut = Files.writeString(big.file(home, LogStream.OUT), "x".repeat(150) + "\n");
        Path bigErr = Files.writeString(big.file(home, LogStream.ERR), "short\n");
        Path smallOut = Files.writeString(small.file(home, LogStream.OUT), "y".repeat(150) + "\n");

        keeper.checkOnce();

        assertEquals(0, Files.size(bigOut));
        assertTrue(Files.exists(Rotator.archive(bigOut, 1)));
        assertEquals("short\n", Files.readString(bigErr));
        assertFalse(Files.exists(Rotator.archive(bigErr, 1)));
        assertEquals(151, Files.size(smallOut));
    }

    /**
     * Two instances of an app without ${INSTANCE_ID} in its out_file, and its err_file the same:
     * one file, rotated once per check (not once per instance and stream, which would archive
     * a nearly empty file the second time).
     */
    @Test
    void aFileSharedByInstancesAndStreamsIsRotatedOnce() throws IOException {
        Path shared = root.resolve("shared.log");
        LogSettings settings = new LogSettings(100, 5, shared.toString(), shared.toString(), null);
        LogSource first = new LogSource("api", 3, 0, settings, null);
        LogSource second = new LogSource("api", 4, 1, settings, null);
        Files.writeString(shared, "s".repeat(150) + "\n");
        LogKeeper keeperOfShared = new LogKeeper(home, () -> List.of(first, second), truncations, health);
        try {
            keeperOfShared.checkOnce();
        } finally {
            keeperOfShared.close();
        }

        assertEquals(0, Files.size(shared));
        assertTrue(Files.exists(Rotator.archive(shared, 1)));
        assertFalse(Files.exists(Rotator.archive(shared, 2)), "rotated once");
        assertEquals(List.of(shared.toString()), keeper.flush(List.of(first, second)).join(), "emptied once, named once");
    }

    /** A file outside the home in a folder others may write is not rotated, and describe says why. */
    @Test
    void aFileInAFolderOthersMayWriteIsLeftAlone() throws IOException {
        Path open = Files.createDirectory(root.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = Files.writeString(open.resolve("api.log"), "o".repeat(150) + "\n");
        LogSource api = new LogSource("api", 0, 0, new LogSettings(100, 5, file.toString(), null, null), null);
        LogKeeper keeperOfOpen = new LogKeeper(home, () -> List.of(api), truncations, health);
        try {
            keeperOfOpen.checkOnce();
        } finally {
            keeperOfOpen.close();
        }

        assertEquals(151, Files.size(file));
        assertTrue(health.problem(file).contains("is writable by others"), health.problem(file));
    }

    /**
     * An unexpected failure with one file (here a NullPointerException: its source has no
     * settings) is that file's problem: the files after it still rotate, and daemon.log hears of
     * it once, through LogHealth, not with a stack trace a second.
     */
    @Test
    void aFileWhoseRotationThrowsDoesNotStopTheOthers() throws IOException {
        LogSource broken = new LogSource("broken", 2, 0, null, null);
        Path brokenOut = home.logFile("broken", 2, LogStream.OUT);
        Path bigOut = Files.writeString(big.file(home, LogStream.OUT), "x".repeat(150) + "\n");
        LogKeeper keeperOfBoth = new LogKeeper(home, () -> List.of(broken, big), truncations, health);
        try {
            keeperOfBoth.checkOnce();
        } finally {
            keeperOfBoth.close();
        }

        assertEquals(0, Files.size(bigOut), "rotated in spite of the file before it");
        assertTrue(health.problem(brokenOut).contains("NullPointerException"), health.problem(brokenOut));
    }

    @Test
    void anArchiveCommittedBeforeADeadDaemonTruncatedTheLogBecomesTheNewestArchive() throws IOException {
        Path out = big.file(home, LogStream.OUT);
        Files.writeString(out, "written after the truncate\n");
        Files.writeString(Rotator.archive(out, 1), "older archive stands in");
        gzip(Rotator.committed(out), "archived line 1\narchived line 2\n");

        keeper.finishInterruptedRotations();

        assertFalse(Files.exists(Rotator.committed(out)));
        assertEquals("archived line 1\narchived line 2\n", gunzip(Rotator.archive(out, 1)));
        assertEquals("older archive stands in", Files.readString(Rotator.archive(out, 2)), "the older archive shifted up");
        assertEquals("written after the truncate\n", Files.readString(out));
    }

    @Test
    void anArchiveCommittedWhenTheDaemonDiedBeforeTheTruncateIsDroppedSinceTheLogStillHoldsItsLines() throws IOException {
        Path out = big.file(home, LogStream.OUT);
        Files.writeString(out, "archived line 1\narchived line 2\nwritten since\n");
        gzip(Rotator.committed(out), "archived line 1\narchived line 2\n");
        Files.writeString(Rotator.partial(out), "a partial archive of an earlier attempt");

        keeper.finishInterruptedRotations();

        assertFalse(Files.exists(Rotator.committed(out)));
        assertFalse(Files.exists(Rotator.partial(out)));
        assertFalse(Files.exists(Rotator.archive(out, 1)), "no line kept twice");
        assertEquals("archived line 1\narchived line 2\nwritten since\n", Files.readString(out));
    }

    @Test
    void aSymlinkedLogIsNeitherRotatedNorFlushedAndTheTargetStaysAsItWas() throws IOException {
        Path outside = Files.writeString(root.resolve("outside.txt"), "x".repeat(500) + "\n");
        Path out = big.file(home, LogStream.OUT);
        Files.createSymbolicLink(out, outside);

        keeper.checkOnce();
        JpmException refused = assertThrows(JpmException.class, () -> Futures.await(keeper.flush(List.of(big))));

        assertEquals(ErrorCode.UNSAFE_PATH, refused.code());
        assertTrue(refused.getMessage().contains(out.toString()), refused.getMessage());
        assertEquals(501, Files.size(outside));
        assertFalse(Files.exists(Rotator.archive(out, 1)));
        assertTrue(health.problem(out).contains("symlink"), health.problem(out));
    }

    @Test
    void rotatesTheDaemonsOwnLogPastTheDefaultSize() throws IOException {
        byte[] line = ("a daemon log line".repeat(8) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(home.daemonLog())) {
            for (long n = 0; n <= LogSettings.DEFAULTS.maxSizeBytes(); n += line.length) {
                out.write(line);
            }
        }

        keeper.checkOnce();

        assertEquals(0, Files.size(home.daemonLog()));
        assertTrue(Files.exists(Rotator.archive(home.daemonLog(), 1)));
    }

    @Test
    void flushEmptiesTheFilesAndWritersGoOnAtTheNewEnd() throws IOException {
        Path out = big.file(home, LogStream.OUT);
        try (FileOutputStream writer = new FileOutputStream(out.toFile(), true)) {
            writer.write("before the flush\n".getBytes(StandardCharsets.UTF_8));

            List<String> flushed = keeper.flush(List.of(big)).join();
            writer.write("after\n".getBytes(StandardCharsets.UTF_8));

            assertEquals(List.of(out.toString()), flushed, "the err file was never written, so not listed");
            assertEquals("after\n", Files.readString(out));
            assertEquals(1, truncations.count(out));
        }
    }

    private static void gzip(Path file, String text) throws IOException {
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
