package dev.jpm.protocol.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads newline-terminated UTF-8 lines with a size limit. An over-long line is skipped to its end
 * and reported, so one bad request costs its sender an error, not the connection's memory.
 */
public final class LineReader {
    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[8192];
    private int start;
    private int end;

    public LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean tooLong = false;
        while (true) {
            if (start == end) {
                int n = in.read(buffer);
                if (n < 0) {
                    if (tooLong) {
                        throw new LineTooLongException(maxBytes);
                    }
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                start = 0;
                end = n;
            }
            int i = start;
            while (i < end && buffer[i] != '\n') {
                i++;
            }
            int chunk = i - start;
            if (!tooLong) {
                if (line.size() + chunk > maxBytes) {
                    tooLong = true;
                    line.reset();
                } else {
                    line.write(buffer, start, chunk);
                }
            }
            if (i < end) {
                start = i + 1;
                if (tooLong) {
                    throw new LineTooLongException(maxBytes);
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            start = end;
        }
    }

    /** A line longer than the limit; the reader has already skipped past it. */
    public static final class LineTooLongException extends IOException {
        public LineTooLongException(int maxBytes) {
            super("request longer than " + maxBytes + " bytes");
        }
    }
}
