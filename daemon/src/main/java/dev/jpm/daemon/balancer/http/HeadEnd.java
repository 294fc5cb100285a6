package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;

/**
 * Finds where a head ends (the empty line after the field lines) as its bytes arrive in reads of
 * any size, and refuses it as soon as it is malformed or too large, before it is all buffered.
 * One per connection direction, owned by that connection's I/O thread; {@link #reset()} after
 * each head.
 *
 * <p>Blank lines (CRLF) before the start line are skipped and counted in
 * {@link #leadingBlankBytes()}: RFC 9112 2.2 asks a server to ignore at least one after a body
 * (some clients add one after a POST body), and a lenient reader of responses does the same.
 * They count towards {@link HttpLimits#MAX_HEAD_BYTES}, so a stream of them cannot go on forever.
 *
 * <p>Every line must end in CRLF: a bare CR or LF is refused here (RFC 9112 2.2 allows a
 * recipient to accept a bare LF, but a proxy that does while its backend does not, or the other
 * way round, is how requests get smuggled).
 */
public final class HeadEnd {
    private final boolean request;
    private final int malformedStatus;
    /** Bytes of the head seen so far, leading blank lines included. */
    private int bytes;
    private int leadingBlank;
    /** Whether a byte of the start line was seen, so that a CRLF no longer counts as a leading blank line. */
    private boolean started;
    /** Bytes of the current line before its CR. */
    private int lineBytes;
    /** Complete lines after the leading blank ones: the start line, then the field lines. */
    private int lines;
    private boolean afterCr;

    /** {@code request}: the client's side (400, 414, 431 on failure); else a backend's (502 for all). */
    public HeadEnd(boolean request) {
        this.request = request;
        this.malformedStatus = request ? 400 : 502;
    }

    /**
     * Scans buf[from,to), continuing the previous scan of this head.
     *
     * @return the absolute index just after the head's final CRLF CRLF, or -1 if it is not in
     *         these bytes yet
     * @throws HttpError when the head so far is malformed or too large
     */
    public int scan(ByteBuffer buf, int from, int to) throws HttpError {
        for (int i = from; i < to; i++) {
            byte b = buf.get(i);
            bytes++;
            if (afterCr) {
                if (b != Ascii.LF) {
                    throw new HttpError(malformedStatus, "CR without LF in the head");
                }
                afterCr = false;
                if (!started) {
                    leadingBlank += 2;
                } else if (lineBytes == 0) {
                    checkSize();
                    return i + 1;
                } else {
                    lines++;
                    lineBytes = 0;
                    // the start line does not count as a field
                    if (lines - 1 > HttpLimits.MAX_HEADER_FIELDS) {
                        throw new HttpError(request ? 431 : 502, "more than " + HttpLimits.MAX_HEADER_FIELDS + " header fields");
                    }
                }
            } else if (b == Ascii.CR) {
                afterCr = true;
            } else if (b == Ascii.LF) {
                throw new HttpError(malformedStatus, "LF without CR in the head");
            } else {
                started = true;
                lineBytes++;
                if (request && lines == 0 && lineBytes > HttpLimits.MAX_REQUEST_LINE_BYTES) {
                    throw new HttpError(414, "request line longer than " + HttpLimits.MAX_REQUEST_LINE_BYTES + " bytes");
                }
            }
            checkSize();
        }
        return -1;
    }

    private void checkSize() throws HttpError {
        if (bytes > HttpLimits.MAX_HEAD_BYTES) {
            throw new HttpError(request ? 431 : 502, "head larger than " + HttpLimits.MAX_HEAD_BYTES + " bytes");
        }
    }

    /** Bytes of blank lines skipped before the start line of the head found last (or being scanned). */
    public int leadingBlankBytes() {
        return leadingBlank;
    }

    /** Makes this ready for the connection's next head. */
    public void reset() {
        bytes = 0;
        leadingBlank = 0;
        started = false;
        lineBytes = 0;
        lines = 0;
        afterCr = false;
    }
}
