package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The field lines of one head, as offsets into the buffer that holds it, and what their
 * Connection fields say. Shared by requests (strict: 400, 431) and responses (502 for all).
 * Built and read by the one I/O thread that parsed the head.
 */
final class HeaderFields {
    private static final byte[] CLOSE = Ascii.bytes("close");
    private static final byte[] KEEP_ALIVE = Ascii.bytes("keep-alive");
    private static final byte[] UPGRADE = Ascii.bytes("upgrade");
    private static final byte[] CHUNKED = Ascii.bytes("chunked");
    /** Fields a head is parsed for before the arrays grow: browsers send about 10-20. */
    private static final int INITIAL_FIELDS = 16;

    /** Four per field: name start, name end, value start, value end (OWS trimmed on both sides). */
    private final int[] offsets;
    private final byte[] names;
    /** Fields a Connection field names (RFC 9110 7.6.1): removed when forwarded, like the hop-by-hop ones. */
    private final boolean[] listed;
    private final int count;
    private final int malformedStatus;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean connectionUpgrade;

    private HeaderFields(int[] offsets, byte[] names, int count, int malformedStatus) {
        this.offsets = offsets;
        this.names = names;
        this.listed = new boolean[count];
        this.count = count;
        this.malformedStatus = malformedStatus;
    }

    /**
     * Parses the field lines buf[from,end), where from is just after the start line's CRLF and
     * end just after the empty line's.
     */
    static HeaderFields parse(ByteBuffer buf, int from, int end, boolean request) throws HttpError {
        int malformed = request ? 400 : 502;
        // sized for a usual head and grown when a head has more, rather than a pass to count them
        int capacity = INITIAL_FIELDS;
        int[] offsets = new int[4 * capacity];
        byte[] names = new byte[capacity];
        int n = 0;
        int p = from;
        while (true) {
            if (p >= end) {
                throw new HttpError(malformed, "head without its empty line");
            }
            byte first = buf.get(p);
            if (first == Ascii.CR) {
                if (p + 2 != end || buf.get(p + 1) != Ascii.LF) {
                    throw new HttpError(malformed, "malformed end of head");
                }
                break;
            }
            if (Ascii.isOws(first)) {
                throw new HttpError(malformed, "obsolete line folding in a header field");
            }
            int nameStart = p;
            while (p < end && Ascii.isTchar(buf.get(p))) {
                p++;
            }
            if (p == end || buf.get(p) != ':') {
                throw new HttpError(malformed, "invalid header field name (or whitespace before its colon)");
            }
            if (p == nameStart) {
                throw new HttpError(malformed, "empty header field name");
            }
            int nameEnd = p++;
            while (p < end && Ascii.isOws(buf.get(p))) {
                p++;
            }
            int valueStart = p;
            int valueEnd = p;
            while (true) {
                if (p >= end) {
                    throw new HttpError(malformed, "header field without CRLF");
                }
                byte b = buf.get(p);
                if (b == Ascii.CR) {
                    if (p + 1 >= end || buf.get(p + 1) != Ascii.LF) {
                        throw new HttpError(malformed, "CR without LF in a header field");
                    }
                    p += 2;
                    break;
                }
                if (Ascii.isForbiddenInValue(b)) {
                    throw new HttpError(malformed, "control character in a header field value");
                }
                p++;
                if (!Ascii.isOws(b)) {
                    valueEnd = p;
                }
            }
            if (n == HttpLimits.MAX_HEADER_FIELDS) {
                throw new HttpError(request ? 431 : 502, "more than " + HttpLimits.MAX_HEADER_FIELDS + " header fields");
            }
            if (n == capacity) {
                capacity = Math.min(2 * capacity, HttpLimits.MAX_HEADER_FIELDS);
                offsets = Arrays.copyOf(offsets, 4 * capacity);
                names = Arrays.copyOf(names, capacity);
            }
            offsets[4 * n] = nameStart;
            offsets[4 * n + 1] = nameEnd;
            offsets[4 * n + 2] = valueStart;
            offsets[4 * n + 3] = valueEnd;
            names[n] = (byte) FieldName.of(buf, nameStart, nameEnd).ordinal();
            n++;
        }
        HeaderFields fields = new HeaderFields(offsets, names, n, malformed);
        fields.readConnection(buf);
        return fields;
    }

    /** Reads the options of every Connection field and marks the fields they name. */
    private void readConnection(ByteBuffer buf) {
        for (int f = 0; f < count; f++) {
            if (name(f) != FieldName.CONNECTION) {
                continue;
            }
            int p = valueStart(f);
            int end = valueEnd(f);
            while (p < end) {
                int tokenEnd = p;
                while (tokenEnd < end && buf.get(tokenEnd) != ',') {
                    tokenEnd++;
                }
                int next = tokenEnd + 1;
                int tokenStart = p;
                while (tokenStart < tokenEnd && Ascii.isOws(buf.get(tokenStart))) {
                    tokenStart++;
                }
                while (tokenEnd > tokenStart && Ascii.isOws(buf.get(tokenEnd - 1))) {
                    tokenEnd--;
                }
                readConnectionOption(buf, tokenStart, tokenEnd);
                p = next;
            }
        }
    }

    private void readConnectionOption(ByteBuffer buf, int start, int end) {
        if (start == end) {
            return;
        }
        if (Ascii.equalsIgnoreCase(buf, start, end, CLOSE)) {
            connectionClose = true;
        } else if (Ascii.equalsIgnoreCase(buf, start, end, KEEP_ALIVE)) {
            connectionKeepAlive = true;
        } else if (Ascii.equalsIgnoreCase(buf, start, end, UPGRADE)) {
            connectionUpgrade = true;
        }
        for (int f = 0; f < count; f++) {
            if (!name(f).keptWhenListed() && Ascii.equalsIgnoreCase(buf, start, end, nameStart(f), nameEnd(f))) {
                listed[f] = true;
            }
        }
    }

    int count() {
        return count;
    }

    FieldName name(int field) {
        return FieldName.ofOrdinal(names[field]);
    }

    int nameStart(int field) {
        return offsets[4 * field];
    }

    int nameEnd(int field) {
        return offsets[4 * field + 1];
    }

    int valueStart(int field) {
        return offsets[4 * field + 2];
    }

    int valueEnd(int field) {
        return offsets[4 * field + 3];
    }

    /** Whether a Connection field names this field, which makes it hop-by-hop. */
    boolean listedInConnection(int field) {
        return listed[field];
    }

    int countOf(FieldName name) {
        int n = 0;
        for (int f = 0; f < count; f++) {
            if (names[f] == name.ordinal()) {
                n++;
            }
        }
        return n;
    }

    /** The first field of that name, or -1. */
    int first(FieldName name) {
        for (int f = 0; f < count; f++) {
            if (names[f] == name.ordinal()) {
                return f;
            }
        }
        return -1;
    }

    boolean connectionClose() {
        return connectionClose;
    }

    boolean connectionKeepAlive() {
        return connectionKeepAlive;
    }

    boolean connectionUpgrade() {
        return connectionUpgrade;
    }

    /**
     * The value of every Content-Length field, or -1 when there is none. RFC 9110 8.6 lets a
     * recipient accept a list or repeated fields when all values are the same ("5, 5"); anything
     * else, a sign, a space inside, a different value, an overflow, is not a length jpm could
     * agree on with the backend.
     */
    long contentLength(ByteBuffer buf) throws HttpError {
        long length = -1;
        for (int f = 0; f < count; f++) {
            if (name(f) != FieldName.CONTENT_LENGTH) {
                continue;
            }
            int p = valueStart(f);
            int end = valueEnd(f);
            while (true) {
                int digitsStart = p;
                long value = 0;
                while (p < end && buf.get(p) >= '0' && buf.get(p) <= '9') {
                    int digit = buf.get(p) - '0';
                    if (value > (Long.MAX_VALUE - digit) / 10) {
                        throw new HttpError(malformedStatus, "Content-Length too large");
                    }
                    value = value * 10 + digit;
                    p++;
                }
                if (p == digitsStart) {
                    throw new HttpError(malformedStatus, "invalid Content-Length");
                }
                if (length != -1 && value != length) {
                    throw new HttpError(malformedStatus, "Content-Length values differ");
                }
                length = value;
                while (p < end && Ascii.isOws(buf.get(p))) {
                    p++;
                }
                if (p == end) {
                    break;
                }
                if (buf.get(p) != ',') {
                    throw new HttpError(malformedStatus, "invalid Content-Length");
                }
                p++;
                while (p < end && Ascii.isOws(buf.get(p))) {
                    p++;
                }
            }
        }
        return length;
    }

    /** Whether the field's whole value is "chunked" (any case). */
    boolean valueIsChunked(ByteBuffer buf, int field) {
        return Ascii.equalsIgnoreCase(buf, valueStart(field), valueEnd(field), CHUNKED);
    }

    /** Whether the last coding of the last Transfer-Encoding field is chunked: then the body is chunked (RFC 9112 6.3). */
    boolean lastCodingIsChunked(ByteBuffer buf) {
        int last = -1;
        for (int f = 0; f < count; f++) {
            if (name(f) == FieldName.TRANSFER_ENCODING) {
                last = f;
            }
        }
        if (last < 0) {
            return false;
        }
        int start = valueStart(last);
        int end = valueEnd(last);
        int p = end;
        while (p > start && buf.get(p - 1) != ',') {
            p--;
        }
        while (p < end && Ascii.isOws(buf.get(p))) {
            p++;
        }
        return Ascii.equalsIgnoreCase(buf, p, end, CHUNKED);
    }
}
