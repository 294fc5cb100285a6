package dev.jpm.daemon.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Rotates one log file by copy-then-truncate (DESIGN.md decision 4): the writers keep their file
 * open with O_APPEND, so after the truncate they simply go on at the new end.
 *
 * <p>Naming is numbered, newest first, as logrotate does: {@code api-0-out.log.1.gz} is the most
 * recent, {@code .2.gz} the one before, up to {@code retain}; each rotation shifts them up by one
 * and drops the oldest. A name says its age without a clock, and {@code ls} lists them in order.
 *
 * <p>Nothing is lost: the bulk of the file is copied while the writers run, again until little
 * is left, and only that little is copied, and the file truncated, while the {@link Writers}
 * hold still. (With {@link Writers#NONE}, nothing writes.) Compression happens afterwards, on
 * the staged copy, so neither the pause nor the daemon's memory grows with the writer's speed.
 */
final class Rotator {
    private static final int BUFFER = 64 * 1024;
    static final String STAGED_SUFFIX = ".rotating";
    /** Left for the paused copy: at disk-cache speed a copy of this takes well under a millisecond. */
    private static final long PAUSED_COPY_BYTES = 256 * 1024;
    /** A writer faster than the copy would keep the running passes going for ever; past this, pause anyway. */
    private static final int MAX_RUNNING_PASSES = 8;

    private final Truncations truncations;

    Rotator(Truncations truncations) {
        this.truncations = truncations;
    }

    static Path archive(Path file, int number) {
        return file.resolveSibling(file.getFileName() + "." + number + ".gz");
    }

    /** The raw copy a rotation takes before compressing it; gone when the rotation ends. */
    static Path staged(Path file) {
        return file.resolveSibling(file.getFileName() + STAGED_SUFFIX);
    }

    /** Where a rotation in progress writes, renamed to {@code .1.gz} once complete. */
    static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".rotating.gz");
    }

    void rotate(Path file, int retain, Writers writers) throws IOException {
        Path staged = staged(file);
        try {
            stage(file, staged, writers);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        truncations.truncated(file);
        finishStaged(file, retain);
    }

    /**
     * Turns the staged copy into the newest archive. Also what a new daemon does with a staged
     * copy left by one that died mid-rotation: those lines are no longer in the log file, so the
     * copy is the only place they are.
     */
    void finishStaged(Path file, int retain) throws IOException {
        Path partial = partial(file);
        try {
            compress(staged(file), partial);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.delete(staged(file));
        keep(file, partial, retain);
    }

    /**
     * Moves the file's content to {@code staged} and empties it. The copies are in-kernel
     * ({@code transferTo}), so they keep up with any writer; passes repeat while the writers run
     * until what is left is small, and only that is copied, and the file truncated, while they
     * hold still. The pause is that last small copy, never the compression.
     */
    private static void stage(Path file, Path staged, Writers writers) throws IOException {
        try (FileChannel log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel copy = FileChannel.open(staged, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long copied = 0;
            for (int pass = 0; pass < MAX_RUNNING_PASSES && log.size() - copied > PAUSED_COPY_BYTES; pass++) {
                copied = transfer(log, copied, log.size(), copy);
            }
            long from = copied;
            writers.whileQuiet(() -> {
                transfer(log, from, log.size(), copy);
                log.truncate(0);
            });
        }
    }

    private static long transfer(FileChannel from, long start, long end, FileChannel to) throws IOException {
        long position = start;
        while (position < end) {
            long sent = from.transferTo(position, end - position, to);
            if (sent <= 0) {
                break;
            }
            position += sent;
        }
        return position;
    }

    private static void compress(Path staged, Path partial) throws IOException {
        try (InputStream in = Files.newInputStream(staged);
             OutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), BUFFER), BUFFER)) {
            in.transferTo(gzip);
        }
    }

    /** Shifts the numbered archives up, drops those past {@code retain}, and names the new one {@code .1.gz}. */
    private static void keep(Path file, Path partial, int retain) throws IOException {
        for (int n = Math.max(retain, 1); Files.exists(archive(file, n)); n++) {
            Files.delete(archive(file, n));
        }
        for (int n = retain - 1; n >= 1; n--) {
            if (Files.exists(archive(file, n))) {
                Files.move(archive(file, n), archive(file, n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (retain >= 1) {
            Files.move(partial, archive(file, 1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(partial);
        }
    }
}
