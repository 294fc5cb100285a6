package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.PathSafety;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatorTest {
    @TempDir
    Path dir;

    private final Truncations truncations = new Truncations();
    private final Rotator rotator = new Rotator(truncations);

    @Test
    void keepsTheNewestRetainArchivesNumberedFromOne() throws IOException {
        Path file = dir.resolve("api-0-out.log");
        for (int round = 1; round <= 7; round++) {
            Files.writeString(file, "round " + round + "\n");
            rotator.rotate(file, 3, Writers.NONE);
        }

        assertEquals(0, Files.size(file));
        assertEquals("round 7\n", gunzip(Rotator.archive(file, 1)));
        assertEquals("round 6\n", gunzip(Rotator.archive(file, 2)));
        assertEquals("round 5\n", gunzip(Rotator.archive(file, 3)));
        assertFalse(Files.exists(Rotator.archive(file, 4)));
        assertFalse(Files.exists(Rotator.partial(file)));
        assertEquals(7, truncations.count(file));
    }

    @Test
    void aSmallerRetainDropsTheArchivesPastIt() throws IOException {
        Path file = dir.resolve("api-0-err.log");
        for (int round = 1; round <= 4; round++) {
            Files.writeString(file, "round " + round + "\n");
            rotator.rotate(file, 4, Writers.NONE);
        }
        Files.writeString(file, "round 5\n");

        rotator.rotate(file, 2, Writers.NONE);

        assertEquals("round 5\n", gunzip(Rotator.archive(file, 1)));
        assertEquals("round 4\n", gunzip(Rotator.archive(file, 2)));
        assertFalse(Files.exists(Rotator.archive(file, 3)));
        assertFalse(Files.exists(Rotator.archive(file, 4)));
    }

    @Test
    void retainZeroKeepsNoArchive() throws IOException {
        Path file = dir.resolve("api-1-out.log");
        Files.writeString(file, "gone\n");

        rotator.rotate(file, 0, Writers.NONE);

        assertEquals(0, Files.size(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
    }

    /**
     * A real child appends 200k numbered lines through O_APPEND, as an instance does, while the
     * file is rotated whenever it passes 256 KB; every number must be in exactly one place.
     */
    @Test
    void losesNoLineOfAFastWriterAcrossManyRotations() throws Exception {
        int count = 200_000;
        Path file = dir.resolve("numbers-0-out.log");
        Files.createFile(file);
        Process writer = new ProcessBuilder(java(), "-cp", testClasses(), NumberWriter.class.getName(), Integer.toString(count))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int retain = 1_000;
        int rotations = 0;
        try {
            Writers writers = new StoppedProcesses(writer.pid());
            while (writer.isAlive()) {
                if (Files.size(file) > 64 * 1024) {
                    rotator.rotate(file, retain, writers);
                    rotations++;
                }
                Thread.sleep(1);
            }
            assertEquals(0, writer.waitFor());
        } finally {
            writer.destroyForcibly();
            writer.onExit().get(10, TimeUnit.SECONDS);
        }

        BitSet seen = new BitSet(count);
        int lines = 0;
        for (int n = rotations; n >= 1; n--) {
            lines += mark(gunzip(Rotator.archive(file, n)), seen);
        }
        lines += mark(Files.readString(file), seen);

        assertTrue(rotations >= 5, "only " + rotations + " rotations");
        assertEquals(count, seen.cardinality(), "numbers missing: " + (count - seen.cardinality()));
        assertEquals(count, lines, "every number exactly once");
    }

    /**
     * The log is 700 KB on a 1 MB disk with 300 KB free: a raw copy (what rotation used to stage)
     * cannot fit, the compressed archive can, and every line is in it.
     */
    @Test
    void rotatesALogLargerThanTheFreeSpaceLeft() throws Exception {
        Assumptions.assumeTrue(Tmpfs.possible(), "mounting a tmpfs needs root");
        try (Tmpfs disk = Tmpfs.mount(1024 * 1024)) {
            Path file = disk.path().resolve("api-0-out.log");
            StringBuilder text = new StringBuilder();
            for (int n = 0; text.length() < 700 * 1024; n++) {
                text.append("line ").append(n).append(" of a chatty app, much like the one before it\n");
            }
            Files.writeString(file, text);

            long dropped = rotator.rotate(file, 3, Writers.NONE);

            assertEquals(0, dropped);
            assertEquals(0, Files.size(file));
            assertEquals(text.toString(), gunzip(Rotator.archive(file, 1)));
        }
    }

    /**
     * 600 KB that do not compress, with 400 KB free: not even the archive fits, so the log is
     * emptied anyway, the bytes dropped are returned, and no partial archive is left behind.
     */
    @Test
    void dropsTheLogWhenNotEvenItsArchiveFitsAndSaysHowMuch() throws Exception {
        Assumptions.assumeTrue(Tmpfs.possible(), "mounting a tmpfs needs root");
        try (Tmpfs disk = Tmpfs.mount(1024 * 1024)) {
            Path file = disk.path().resolve("api-0-out.log");
            byte[] noise = new byte[600 * 1024];
            new java.util.Random(7).nextBytes(noise);
            Files.write(file, noise);

            long dropped = rotator.rotate(file, 3, Writers.NONE);

            assertEquals(noise.length, dropped);
            assertEquals(0, Files.size(file));
            assertFalse(Files.exists(Rotator.archive(file, 1)));
            assertFalse(Files.exists(Rotator.partial(file)));
            assertEquals(1, truncations.count(file), "followers are told to read from the start");
        }
    }

    /**
     * A write fails with ENOSPC's text in another language (LC_MESSAGES=de): the disk's free
     * space, under 64 KB, still tells it is full, so the log is dropped rather than left to grow.
     */
    @Test
    void aFullDiskIsKnownByItsFreeSpaceWhenTheErrorTextIsTranslated() throws Exception {
        Assumptions.assumeTrue(Tmpfs.possible(), "mounting a tmpfs needs root");
        try (Tmpfs disk = Tmpfs.mount(1024 * 1024)) {
            Path file = disk.path().resolve("api-0-out.log");
            byte[] noise = new byte[16 * 1024];
            new java.util.Random(7).nextBytes(noise);
            Files.write(file, noise);
            long usable = Files.getFileStore(disk.path()).getUsableSpace();
            Files.write(disk.path().resolve("filler"), new byte[(int) (usable - 48 * 1024)]);
            boolean[] failed = new boolean[1];
            Writers failsInGerman = action -> {
                if (!failed[0]) {
                    failed[0] = true;
                    throw new IOException("Auf dem Gerät ist kein Speicherplatz mehr verfügbar");
                }
                action.run();
            };

            long dropped = rotator.rotate(file, 3, failsInGerman);

            assertEquals(noise.length, dropped);
            assertEquals(0, Files.size(file));
            assertFalse(Files.exists(Rotator.partial(file)));
        }
    }

    /** The daemon "dies" once the log is truncated, before the archive is named: the next rotation keeps it. */
    @Test
    void aRotationCutShortAfterItsTruncateIsFinishedByTheNext() throws IOException {
        Path file = dir.resolve("api-0-out.log");
        Files.writeString(file, "first\n");
        Writers diesAfterTheTruncate = action -> {
            action.run();
            throw new IllegalStateException("killed");
        };
        assertThrows(IllegalStateException.class, () -> rotator.rotate(file, 3, diesAfterTheTruncate));
        assertEquals(0, Files.size(file));
        Files.writeString(file, "second\n");

        rotator.rotate(file, 3, Writers.NONE);

        assertEquals("second\n", gunzip(Rotator.archive(file, 1)));
        assertEquals("first\n", gunzip(Rotator.archive(file, 2)));
        assertFalse(Files.exists(Rotator.committed(file)));
    }

    /** The daemon "dies" before the writers hold still: the log keeps every line and no archive has any. */
    @Test
    void aRotationCutShortBeforeItsPauseLeavesTheLogWhole() throws IOException {
        Path file = dir.resolve("api-0-out.log");
        Files.writeString(file, "kept\n");
        Writers diesBeforeThePause = action -> {
            throw new IllegalStateException("killed");
        };
        assertThrows(IllegalStateException.class, () -> rotator.rotate(file, 3, diesBeforeThePause));

        rotator.finishInterrupted(file, 3);

        assertEquals("kept\n", Files.readString(file));
        assertFalse(Files.exists(Rotator.archive(file, 1)));
        assertFalse(Files.exists(Rotator.partial(file)));
        assertFalse(Files.exists(Rotator.committed(file)));
    }

    /**
     * A daemon killed mid-compression leaves its partial archive behind (an Error escapes rotate's
     * own clean-up the way a kill -9 would); the next daemon's recovery deletes it and the log keeps
     * every line.
     */
    @Test
    void aDaemonKilledBeforeTheCommitLeavesAPartialArchiveThatRecoveryDeletes() throws IOException {
        Path file = dir.resolve("api-0-out.log");
        Files.writeString(file, numbers(1, 2_000));
        Writers killedBeforeThePause = action -> {
            throw new Killed();
        };
        assertThrows(Killed.class, () -> rotator.rotate(file, 3, killedBeforeThePause));
        assertTrue(Files.exists(Rotator.partial(file)), "a real partial archive is on disk");
        Files.writeString(file, numbers(2_001, 3_000), StandardOpenOption.APPEND);

        rotator.finishInterrupted(file, 3);
        rotator.rotate(file, 3, Writers.NONE);

        BitSet seen = new BitSet();
        assertEquals(3_000, mark(gunzip(Rotator.archive(file, 1)), seen) + mark(Files.readString(file), seen));
        assertFalse(Files.exists(Rotator.partial(file)));
        assertFalse(Files.exists(Rotator.archive(file, 2)));
    }

    /**
     * A daemon killed between the commit rename and the truncate leaves a complete
     * {@code .rotating.done.gz} beside a log that still holds the same lines (the writers then go
     * on appending): recovery must not keep both, nor neither.
     */
    @Test
    void aDaemonKilledBetweenTheCommitAndTheTruncateLosesNoLineAndKeepsNoneTwice() throws IOException {
        Path file = dir.resolve("api-0-out.log");
        Files.writeString(file, numbers(1, 2_000));
        Writers killedBeforeTheTruncate = action -> {
            byte[] before = Files.readAllBytes(file);
            action.run();
            Files.write(file, before); // the truncate never happened
            throw new Killed();
        };
        assertThrows(Killed.class, () -> rotator.rotate(file, 3, killedBeforeTheTruncate));
        assertTrue(Files.exists(Rotator.committed(file)), "a real committed archive is on disk");
        Files.writeString(file, numbers(2_001, 3_000), StandardOpenOption.APPEND);

        rotator.finishInterrupted(file, 3);
        rotator.rotate(file, 3, Writers.NONE);

        BitSet seen = new BitSet();
        int lines = mark(Files.readString(file), seen);
        for (int n = 1; Files.exists(Rotator.archive(file, n)); n++) {
            lines += mark(gunzip(Rotator.archive(file, n)), seen);
        }
        assertEquals(3_000, lines);
        assertFalse(Files.exists(Rotator.committed(file)));
    }

    /** An archive whose number does not fit a long is not ours to count: rotation goes on past it. */
    @Test
    void anArchiveNumberTooLargeForALongDoesNotStopRotation() throws IOException {
        Path file = dir.resolve("app-0-out.log");
        Path huge = dir.resolve("app-0-out.log.99999999999999999999.gz");
        Files.writeString(huge, "stray\n");
        Files.writeString(file, "line\n");

        rotator.rotate(file, 3, Writers.NONE);

        assertEquals("line\n", gunzip(Rotator.archive(file, 1)));
        assertFalse(Files.exists(Rotator.committed(file)));
        assertTrue(Files.exists(huge), "left alone");
    }

    @Test
    void refusesASymlinkedLogAndLeavesItsTargetAsItWas() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not jpm's\n");
        Path file = dir.resolve("api-0-out.log");
        Files.createSymbolicLink(file, outside);

        assertThrows(PathSafety.UnsafePathException.class, () -> rotator.rotate(file, 3, Writers.NONE));

        assertEquals("not jpm's\n", Files.readString(outside));
        assertFalse(Files.exists(Rotator.archive(file, 1)));
    }

    /** Stands for the daemon being killed: no catch in the code under test handles an Error. */
    private static final class Killed extends Error {
    }

    private static String numbers(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int n = from; n <= to; n++) {
            text.append(n).append('\n');
        }
        return text.toString();
    }

    /** Marks each number of a whole-lines text; a repeated number fails the test. */
    private static int mark(String text, BitSet seen) {
        if (text.isEmpty()) {
            return 0;
        }
        assertTrue(text.endsWith("\n"), "an archive ends with a whole line");
        String[] lines = text.split("\n");
        for (String line : lines) {
            int n = Integer.parseInt(line);
            assertFalse(seen.get(n), n + " appears twice");
            seen.set(n);
        }
        return lines.length;
    }

    private static String gunzip(Path archive) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasses() throws Exception {
        return Path.of(NumberWriter.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
