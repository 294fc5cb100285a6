package dev.jpm.daemon.logs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;

/**
 * Puts {@code log_date_format}'s stamp and a space before the first byte of every line of one
 * stream, and changes nothing else. Bytes are passed on as they come, never held for the rest of
 * their line: a partial line (a prompt, a line the process dies in the middle of) is in the file
 * at once, and a line of any length needs no buffer; it is stamped once, where it begins. The
 * stamp is the time the line's first bytes reached the daemon; the lines of one read share it,
 * as they arrived within the same instant. One stream's reader thread owns an instance.
 */
final class LinePrefixer {
    private final DateTimeFormatter format;
    private final Clock clock;
    private boolean atLineStart = true;

    LinePrefixer(DateTimeFormatter format, Clock clock) {
        this.format = format;
        this.clock = clock;
    }

    /** {@code length} bytes of {@code chunk}, stamped where lines begin. */
    byte[] prefix(byte[] chunk, int length) {
        if (length == 0) {
            return new byte[0];
        }
        byte[] stamp = (format.format(clock.instant()) + " ").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + stamp.length * 4);
        int from = 0;
        while (from < length) {
            if (atLineStart) {
                out.write(stamp, 0, stamp.length);
                atLineStart = false;
            }
            int newline = indexOfNewline(chunk, from, length);
            int end = newline < 0 ? length : newline + 1;
            out.write(chunk, from, end - from);
            atLineStart = newline >= 0;
            from = end;
        }
        return out.toByteArray();
    }

    private static int indexOfNewline(byte[] chunk, int from, int length) {
        for (int i = from; i < length; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
