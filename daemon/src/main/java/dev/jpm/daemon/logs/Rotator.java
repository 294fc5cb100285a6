package dev.jpm.daemon.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Rotates one log file by copy-then-truncate (DESIGN.md decision 4): the writers keep their file
 * open with O_APPEND, so after the truncate they simply go on at the new end.
 *
 * <p>Naming is numbered, newest first, as logrotate does: {@code api-0-out.log.1.gz} is the most
 * recent, {@code .2.gz} the one before, up to {@code retain}; each rotation shifts them up by one
 * and drops the oldest. A name says its age without a clock, and {@code ls} lists them in order.
 *
 * <p>Nothing is lost: the bulk of the file is copied while the writers run, then once more to
 * catch up, and only the last few bytes are read, and the file truncated, while the
 * {@link Writers} hold still. (With {@link Writers#NONE}, nothing writes.)
 */
final class Rotator {
    private static final int BUFFER = 64 * 1024;

    private final Truncations truncations;

    Rotator(Truncations truncations) {
        this.truncations = truncations;
    }

    static Path archive(Path file, int number) {
        return file.resolveSibling(file.getFileName() + "." + number + ".gz");
    }

    /** Where a rotation in progress writes, renamed to {@code .1.gz} once complete. */
    static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".rotating.gz");
    }

    void rotate(Path file, int retain, Writers writers) throws IOException {
        Path partial = partial(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             OutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), BUFFER), BUFFER)) {
            long copied = copy(channel, 0, channel.size(), gzip);
            // a second pass takes what was appended during the first, so the pause below stays short
            copied = copy(channel, copied, channel.size(), gzip);
            byte[][] rest = new byte[1][];
            long from = copied;
            writers.whileQuiet(() -> {
                rest[0] = readRest(channel, from);
                channel.truncate(0);
            });
            gzip.write(rest[0]);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        truncations.truncated(file);
        keep(file, partial, retain);
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

    private static long copy(FileChannel channel, long from, long to, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long position = from;
        while (position < to) {
            buffer.clear().limit((int) Math.min(BUFFER, to - position));
            int read = channel.read(buffer, position);
            if (read <= 0) {
                break;
            }
            out.write(buffer.array(), 0, read);
            position += read;
        }
        return position;
    }

    /** Everything from {@code from} to the end; the writers are still, so the end does not move. */
    private static byte[] readRest(FileChannel channel, long from) throws IOException {
        long size = channel.size();
        if (size <= from) {
            return new byte[0];
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - from));
        while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
            // read on: a read may return fewer bytes than asked
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
