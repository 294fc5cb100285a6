package dev.jpm.daemon.logs;

import dev.jpm.protocol.home.DiskFull;
import dev.jpm.protocol.home.PathSafety;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Rotates one log file by copy-then-truncate (DESIGN.md decision 4): the writers keep their file
 * open with O_APPEND, so after the truncate they simply go on at the new end.
 *
 * <p>Naming is numbered, newest first, as logrotate does: {@code api-0-out.log.1.gz} is the most
 * recent, {@code .2.gz} the one before, up to {@code retain}; each rotation shifts them up by one
 * and drops the oldest. A name says its age without a clock, and {@code ls} lists them in order.
 *
 * <p>The "copy" is compressed straight out of the log: every writer appends and only this thread
 * truncates, so the bytes below a size once seen never change, and can be read and gzipped while
 * the writers run. A rotation so needs free space for the compressed archive only (a tenth of a
 * 10 MB text log, typically), not for a raw copy as large as the log, which is what a nearly full
 * disk does not have: a staged raw copy failed there every second and the disk never freed.
 * Passes repeat while the writers run until at most {@value #PAUSED_BYTES} bytes are left; only
 * those are compressed, the archive finished and synced, and the log truncated while the
 * {@link Writers} hold still (with {@link Writers#NONE}, nothing writes), and stored rather than
 * compressed ({@link GzipWriter#storeOnly}), so the pause is a copy. Deflate's fastest level
 * keeps the daemon's CPU small, for an archive about a third larger than level 6.
 *
 * <p>The order makes a daemon that dies at any step lose no line and keep none twice; what it
 * leaves, {@link #finishInterrupted} puts right (the next daemon calls it, and so does the next
 * rotation of the same file):
 * <ol>
 * <li>{@code .rotating.gz} is written: died here, the log is untouched, so the partial archive is deleted.
 * <li>It is complete and synced, then renamed {@code .rotating.done.gz} (the commit), then the log is
 *     truncated. Died between the two, the log still begins with the archive's bytes, and the
 *     archive is deleted; died after, it does not, and the archive is the only copy, so it is kept.
 *     (Only a writer that wrote again, from the first byte, exactly what it wrote before the
 *     truncate would be mistaken for an untruncated log; a line with a time or a counter in it
 *     never is.)
 * <li>The archives shift up and {@code .rotating.done.gz} becomes {@code .1.gz}: a shift cut short is finished.
 * </ol>
 *
 * <p>When not even the compressed archive can be written (ENOSPC), the log is truncated anyway
 * and the bytes dropped are returned: a full disk must free itself, and losing old lines,
 * counted and reported, is better than an instance whose every new line is lost.
 */
final class Rotator {
    private static final int BUFFER = 64 * 1024;
    /** Left for the paused pass: at deflate's fastest level this takes well under a millisecond. */
    private static final long PAUSED_BYTES = 64 * 1024;
    /** A writer faster than the compression would keep the running passes going for ever; past this, pause anyway. */
    private static final int MAX_RUNNING_PASSES = 8;
    private static final String PARTIAL_SUFFIX = ".rotating.gz";
    /** Still "rotating" by name, so that a reader skipping what rotation has in hand skips it too. */
    static final String COMMITTED_SUFFIX = ".rotating.done.gz";

    private final Truncations truncations;

    Rotator(Truncations truncations) {
        this.truncations = truncations;
    }

    static Path archive(Path file, int number) {
        return file.resolveSibling(file.getFileName() + "." + number + ".gz");
    }

    /** Where a rotation in progress writes; incomplete, so never worth keeping. */
    static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
    }

    /** The complete archive, named so just before the log is truncated; becomes {@code .1.gz}. */
    static Path committed(Path file) {
        return file.resolveSibling(file.getFileName() + COMMITTED_SUFFIX);
    }

    /**
     * Moves the file's content into a new {@code .1.gz} and empties it.
     *
     * @return the bytes dropped because the disk could not hold even their compressed archive; 0 normally
     */
    long rotate(Path file, int retain, Writers writers) throws IOException {
        finishInterrupted(file, retain);
        PathSafety.requireSafeFile(file);
        try (FileChannel log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            try {
                archiveAndTruncate(log, file, writers);
            } catch (IOException | RuntimeException e) {
                boolean diskFull = DiskFull.is(e) || (e instanceof IOException && nearlyFull(file));
                Files.deleteIfExists(partial(file));
                if (!diskFull) {
                    throw e;
                }
                long[] dropped = new long[1];
                writers.whileQuiet(() -> {
                    dropped[0] = log.size();
                    log.truncate(0);
                });
                truncations.truncated(file);
                return dropped[0];
            }
        }
        truncations.truncated(file);
        keep(file, retain);
        return 0;
    }

    /**
     * Puts right what a rotation cut short left beside {@code file} (see the class comment):
     * deletes a partial archive, keeps or deletes a committed one as the log's first bytes tell.
     */
    void finishInterrupted(Path file, int retain) throws IOException {
        Files.deleteIfExists(partial(file));
        Path committed = committed(file);
        if (!Files.exists(committed, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        PathSafety.requireSafeFile(committed);
        if (logStillBeginsWith(committed, file)) {
            Files.delete(committed);
        } else {
            keep(file, retain);
        }
    }

    private void archiveAndTruncate(FileChannel log, Path file, Writers writers) throws IOException {
        Path partial = partial(file);
        Files.deleteIfExists(partial);
        try (FileChannel archive = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PathSafety.ownerOnlyFile());
             GzipWriter gzip = new GzipWriter(archive)) {
            long done = 0;
            for (int pass = 0; pass < MAX_RUNNING_PASSES && log.size() - done > PAUSED_BYTES; pass++) {
                done = gzip.compress(log, done, log.size());
            }
            // the bulk reaches the disk now, so the sync in the pause is only the tail's; then
            // one more pass for what was written meanwhile, so the pause compresses little
            gzip.flush();
            archive.force(true);
            long running = gzip.compress(log, done, log.size());
            writers.whileQuiet(() -> {
                gzip.storeOnly();
                gzip.compress(log, running, log.size());
                gzip.finish();
                archive.force(true);
                Files.move(partial, committed(file), StandardCopyOption.ATOMIC_MOVE);
                try {
                    log.truncate(0);
                } catch (IOException e) {
                    Files.delete(committed(file));
                    throw e;
                }
            });
        }
    }

    /**
     * The second opinion on a failed write, asked before the partial archive is deleted: the
     * failure's text is the C library's, and it reads "No space left on device" only in English
     * (the daemon runs under LC_ALL=C, but one started otherwise may not).
     */
    private static boolean nearlyFull(Path file) {
        long free = DiskFull.usableBytes(file.getParent());
        return free >= 0 && free < DiskFull.NEARLY_FULL_BYTES;
    }

    private static boolean logStillBeginsWith(Path committed, Path file) throws IOException {
        try (InputStream archived = new GZIPInputStream(Files.newInputStream(committed, LinkOption.NOFOLLOW_LINKS), BUFFER);
             InputStream log = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] a = new byte[BUFFER];
            byte[] b = new byte[BUFFER];
            int n;
            while ((n = archived.readNBytes(a, 0, BUFFER)) > 0) {
                if (log.readNBytes(b, 0, n) != n || !Arrays.equals(a, 0, n, b, 0, n)) {
                    return false;
                }
            }
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Shifts the numbered archives up, drops those past {@code retain}, and names the committed
     * archive {@code .1.gz}. Shifting stops at the first gap, so running this again after a
     * shift cut short moves each archive once, never twice.
     */
    private static void keep(Path file, int retain) throws IOException {
        int gap = 1;
        while (Files.exists(archive(file, gap), LinkOption.NOFOLLOW_LINKS)) {
            gap++;
        }
        for (int n = gap - 1; n >= 1; n--) {
            Files.move(archive(file, n), archive(file, n + 1));
        }
        dropPast(file, retain);
        if (retain >= 1) {
            Files.move(committed(file), archive(file, 1));
        } else {
            Files.delete(committed(file));
        }
    }

    /**
     * Deletes {@code <file>.N.gz} for every N past {@code retain}, gaps or not. A name whose N is
     * not a number jpm could have given (over 9 digits, say {@code .99999999999999999999.gz}) is
     * not jpm's archive and is left alone: parsing it would throw after the log was truncated,
     * stranding the committed archive at every later rotation.
     */
    private static void dropPast(Path file, int retain) throws IOException {
        String prefix = file.getFileName() + ".";
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(file.getParent(), prefix + "*.gz")) {
            for (Path archive : archives) {
                String name = archive.getFileName().toString();
                if (archiveNumber(name.substring(prefix.length(), name.length() - ".gz".length())) > retain) {
                    Files.delete(archive);
                }
            }
        }
    }

    /** N of an archive's name, or -1 when it is not 1 to 9 decimal digits (so that it fits an int). */
    private static int archiveNumber(String text) {
        boolean digits = !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        return digits ? Integer.parseInt(text) : -1;
    }

    /** A gzip stream at deflate's fastest level over an archive channel, fed from positions in the log. */
    private static final class GzipWriter extends GZIPOutputStream {
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

        GzipWriter(FileChannel archive) throws IOException {
            super(new BufferedOutputStream(Channels.newOutputStream(archive), BUFFER), BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }

        /**
         * From here on, bytes are stored, not compressed: deflate's stored blocks cost a copy and
         * a CRC32, gigabytes a second, where even its fastest level does a hundred megabytes or
         * so. For the pause: against a writer faster than compression on a busy machine the
         * tail left for the pause is megabytes, and compressing it there stalled a 120 MB/s
         * writer for up to 200 ms (bench/logs.sh, 0.73x of direct); only that tail is bigger
         * in the archive.
         */
        void storeOnly() {
            def.setLevel(Deflater.NO_COMPRESSION);
        }

        /** Compresses the log's bytes from {@code start} to {@code end}; returns where it got to. */
        long compress(FileChannel log, long start, long end) throws IOException {
            long position = start;
            while (position < end) {
                buffer.clear().limit((int) Math.min(BUFFER, end - position));
                int read = log.read(buffer, position);
                if (read <= 0) {
                    break;
                }
                write(buffer.array(), 0, read);
                position += read;
            }
            return position;
        }
    }
}
