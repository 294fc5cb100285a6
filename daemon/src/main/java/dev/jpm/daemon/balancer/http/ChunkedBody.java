package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;

/**
 * Follows a chunked body (RFC 9112 7.1) while its bytes are forwarded unchanged, to find where
 * it ends: after the last chunk (size 0) and the trailer section's empty line. What jpm and the
 * backend could read differently is refused: a size that is not hex digits ("0x5", "+5", none),
 * above 2^62, whitespace after a size not followed by an extension, chunk data not followed by
 * CRLF, a bare CR or LF anywhere, control characters in extensions or trailers, an over-long
 * size line or trailer section. One per message, owned by its connection's I/O thread;
 * {@link #reset()} makes it ready for the next message.
 */
public final class ChunkedBody {
    private enum State {
        /** Reading the chunk size's hex digits. */
        SIZE,
        /** After the size, whitespace before ';'. */
        SIZE_SPACE,
        /** In the chunk extensions, up to the CR. */
        EXTENSION,
        /** The size line's CR was read; LF must follow. */
        SIZE_LF,
        /** Chunk data: {@link #remaining} bytes to skip. */
        DATA,
        DATA_CR,
        DATA_LF,
        /** At the start of a trailer line, or the empty line that ends the body. */
        TRAILER_START,
        TRAILER_LINE,
        TRAILER_LF,
        /** The CR of the empty line was read; its LF ends the body. */
        END_LF,
        DONE
    }

    private final int malformedStatus;
    private State state = State.SIZE;
    private long size;
    private int digits;
    private long remaining;
    private int lineBytes;
    private int trailerBytes;

    /** For a request's body: faults are 400. */
    public ChunkedBody() {
        this(true);
    }

    /** {@code request}: faults are 400, else (a response's body) 502. */
    public ChunkedBody(boolean request) {
        this.malformedStatus = request ? 400 : 502;
    }

    /**
     * Scans buf[from,to), continuing the previous scan of this body.
     *
     * @return the absolute index just after the body's end, or -1 if it goes on past {@code to}
     * @throws HttpError when the body is malformed
     */
    public int scan(ByteBuffer buf, int from, int to) throws HttpError {
        int i = from;
        while (i < to) {
            if (state == State.DATA) {
                // chunk data is skipped, not read: this is the bulk of the body
                int skip = (int) Math.min(remaining, to - i);
                i += skip;
                remaining -= skip;
                if (remaining == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            byte b = buf.get(i++);
            switch (state) {
                case SIZE:
                    sizeByte(b);
                    break;
                case SIZE_SPACE:
                    lineByte();
                    if (b == ';') {
                        state = State.EXTENSION;
                    } else if (!Ascii.isOws(b)) {
                        throw fault("whitespace after a chunk size without an extension");
                    }
                    break;
                case EXTENSION:
                    if (b == Ascii.CR) {
                        state = State.SIZE_LF;
                    } else if (Ascii.isForbiddenInValue(b)) {
                        throw fault("control character in a chunk extension");
                    } else {
                        lineByte();
                    }
                    break;
                case SIZE_LF:
                    expect(b, Ascii.LF);
                    if (size == 0) {
                        state = State.TRAILER_START;
                    } else {
                        remaining = size;
                        state = State.DATA;
                    }
                    break;
                case DATA_CR:
                    expect(b, Ascii.CR);
                    state = State.DATA_LF;
                    break;
                case DATA_LF:
                    expect(b, Ascii.LF);
                    startSizeLine();
                    break;
                case TRAILER_START:
                    trailerByte();
                    if (b == Ascii.CR) {
                        state = State.END_LF;
                    } else if (Ascii.isOws(b)) {
                        throw fault("obsolete line folding in a trailer");
                    } else {
                        trailerCharacter(b);
                        state = State.TRAILER_LINE;
                    }
                    break;
                case TRAILER_LINE:
                    trailerByte();
                    if (b == Ascii.CR) {
                        state = State.TRAILER_LF;
                    } else {
                        trailerCharacter(b);
                    }
                    break;
                case TRAILER_LF:
                    trailerByte();
                    expect(b, Ascii.LF);
                    state = State.TRAILER_START;
                    break;
                case END_LF:
                    expect(b, Ascii.LF);
                    state = State.DONE;
                    return i;
                default:
                    throw new IllegalStateException("scan after the end of the body; reset() first");
            }
        }
        return -1;
    }

    private void sizeByte(byte b) throws HttpError {
        int digit = Ascii.hexValue(b);
        if (digit >= 0) {
            lineByte();
            if (size > HttpLimits.MAX_CHUNK_SIZE >> 4) {
                throw fault("chunk size above 2^62");
            }
            size = size * 16 + digit;
            if (size > HttpLimits.MAX_CHUNK_SIZE) {
                throw fault("chunk size above 2^62");
            }
            digits++;
            return;
        }
        if (digits == 0) {
            throw fault("chunk size without digits");
        }
        if (b == Ascii.CR) {
            state = State.SIZE_LF;
        } else if (b == ';') {
            lineByte();
            state = State.EXTENSION;
        } else if (Ascii.isOws(b)) {
            // RFC 9112 7.1.1 allows BWS before ';'
            lineByte();
            state = State.SIZE_SPACE;
        } else {
            throw fault("invalid chunk size");
        }
    }

    private void lineByte() throws HttpError {
        if (++lineBytes > HttpLimits.MAX_CHUNK_LINE_BYTES) {
            throw fault("chunk size line longer than " + HttpLimits.MAX_CHUNK_LINE_BYTES + " bytes");
        }
    }

    private void trailerByte() throws HttpError {
        if (++trailerBytes > HttpLimits.MAX_TRAILER_BYTES) {
            throw fault("trailers larger than " + HttpLimits.MAX_TRAILER_BYTES + " bytes");
        }
    }

    private void trailerCharacter(byte b) throws HttpError {
        if (Ascii.isForbiddenInValue(b)) {
            throw fault("control character in a trailer");
        }
    }

    private void expect(byte b, byte expected) throws HttpError {
        if (b != expected) {
            throw fault(expected == Ascii.LF ? "CR without LF in a chunked body" : "chunk data not followed by CRLF");
        }
    }

    private void startSizeLine() {
        state = State.SIZE;
        size = 0;
        digits = 0;
        lineBytes = 0;
    }

    private HttpError fault(String reason) {
        return new HttpError(malformedStatus, reason);
    }

    /** Makes this ready for the next message's body. */
    public void reset() {
        startSizeLine();
        remaining = 0;
        trailerBytes = 0;
    }
}
