package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;

/** Relative puts of head pieces into a destination buffer, without allocating. */
final class HeadWriter {
    static final byte[] CRLF = Ascii.bytes("\r\n");
    static final byte[] COMMA = Ascii.bytes(", ");

    private HeadWriter() {
    }

    /**
     * Copies src[start,end) to dst at its position and moves that on. One bulk copy (a memcpy for
     * direct buffers) rather than a get and a put per byte, which cost the daemon's C1-compiled
     * code a call each.
     */
    static void copy(ByteBuffer src, int start, int end, ByteBuffer dst) {
        int at = dst.position();
        dst.put(at, src, start, end - start);
        dst.position(at + end - start);
    }

    /** Copies a field line, name to trimmed value, and its CRLF. */
    static void copyField(ByteBuffer src, HeaderFields fields, int field, ByteBuffer dst) {
        copy(src, fields.nameStart(field), fields.valueEnd(field), dst);
        dst.put(CRLF);
    }

    static void putDecimal(long value, ByteBuffer dst) {
        long divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            dst.put((byte) ('0' + (value / divisor) % 10));
        }
    }
}
