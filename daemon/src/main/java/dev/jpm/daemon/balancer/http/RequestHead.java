package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;

/**
 * A client's request head, parsed strictly: whatever jpm and the backend could frame differently
 * (the way requests are smuggled past a proxy) is refused here with the status to answer.
 * It keeps offsets into the buffer it was parsed from, so it is valid while that buffer still
 * holds the head; it belongs to the I/O thread of the client connection.
 */
public final class RequestHead {
    private static final byte[] HTTP_1 = Ascii.bytes("HTTP/1.");
    private static final byte[] CONNECTION_UPGRADE = Ascii.bytes("Connection: upgrade\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = Ascii.bytes("Connection: keep-alive\r\n");
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("Content-Length: ");
    private static final byte[] EXPECT_CONTINUE = Ascii.bytes("100-continue");

    private final int start;
    private final int end;
    /** The request line without its CRLF, leading blank lines skipped. */
    private final int lineStart;
    private final int lineEnd;
    private final Method method;
    private final int versionMinor;
    private final HeaderFields fields;
    private final long contentLength;
    private final boolean chunked;
    /** The Host field, or -1 (only an HTTP/1.0 request may have none). */
    private final int host;
    private final boolean expectContinue;

    private RequestHead(int start, int end, int lineStart, int lineEnd, Method method, int versionMinor,
            HeaderFields fields, long contentLength, boolean chunked, int host, boolean expectContinue) {
        this.start = start;
        this.end = end;
        this.lineStart = lineStart;
        this.lineEnd = lineEnd;
        this.method = method;
        this.versionMinor = versionMinor;
        this.fields = fields;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.host = host;
        this.expectContinue = expectContinue;
    }

    /**
     * Parses a complete head buf[start,end), end as returned by {@link HeadEnd#scan}; start may
     * be before or after the leading blank lines.
     */
    public static RequestHead parse(ByteBuffer buf, int start, int end) throws HttpError {
        int lineStart = start;
        while (lineStart + 1 < end && buf.get(lineStart) == Ascii.CR && buf.get(lineStart + 1) == Ascii.LF) {
            lineStart += 2;
        }
        int p = lineStart;
        while (p < end && Ascii.isTchar(buf.get(p))) {
            p++;
        }
        int methodEnd = p;
        if (methodEnd == lineStart || p == end || buf.get(p) != Ascii.SP) {
            throw new HttpError(400, "malformed request line");
        }
        int targetStart = ++p;
        while (p < end && Ascii.isVisible(buf.get(p))) {
            p++;
        }
        if (p == targetStart || p == end) {
            throw new HttpError(400, "malformed request line");
        }
        int versionMinor;
        if (buf.get(p) == Ascii.CR) {
            // "GET /": an HTTP/0.9 request
            versionMinor = -1;
        } else if (buf.get(p) == Ascii.SP) {
            versionMinor = version(buf, p + 1, end);
            p += 9;
        } else {
            throw new HttpError(400, "malformed request line");
        }
        int lineEnd = p;
        if (lineEnd - lineStart > HttpLimits.MAX_REQUEST_LINE_BYTES) {
            throw new HttpError(414, "request line longer than " + HttpLimits.MAX_REQUEST_LINE_BYTES + " bytes");
        }
        if (p + 1 >= end || buf.get(p) != Ascii.CR || buf.get(p + 1) != Ascii.LF) {
            throw new HttpError(400, "malformed request line");
        }
        if (versionMinor < 0) {
            throw new HttpError(505, "HTTP version not supported");
        }
        Method method = Method.of(buf, lineStart, methodEnd);
        if (method == Method.CONNECT) {
            throw new HttpError(501, "CONNECT is not supported");
        }
        HeaderFields fields = HeaderFields.parse(buf, p + 2, end, true);
        long contentLength = fields.contentLength(buf);
        boolean chunked = transferEncoding(buf, fields, versionMinor, contentLength);
        int host = host(buf, fields, versionMinor);
        int expect = fields.first(FieldName.EXPECT);
        // RFC 9110 10.1.1: ignored in an HTTP/1.0 request
        boolean expectContinue = versionMinor == 1 && expect >= 0
                && Ascii.equalsIgnoreCase(buf, fields.valueStart(expect), fields.valueEnd(expect), EXPECT_CONTINUE);
        return new RequestHead(start, end, lineStart, lineEnd, method, versionMinor, fields, contentLength, chunked, host, expectContinue);
    }

    /** The minor version of "HTTP/1.0" or "HTTP/1.1" at buf[from,from+8) followed by CR; 505 for another HTTP/d.d, else 400. */
    private static int version(ByteBuffer buf, int from, int end) throws HttpError {
        if (from + 8 >= end || buf.get(from + 8) != Ascii.CR) {
            throw new HttpError(400, "malformed request line");
        }
        boolean http1 = true;
        for (int i = 0; i < HTTP_1.length; i++) {
            http1 &= buf.get(from + i) == HTTP_1[i];
        }
        byte minor = buf.get(from + 7);
        if (http1 && (minor == '0' || minor == '1')) {
            return minor - '0';
        }
        boolean httpDigits = true;
        for (int i = 0; i < 5; i++) {
            httpDigits &= buf.get(from + i) == HTTP_1[i];
        }
        httpDigits &= isDigit(buf.get(from + 5)) && buf.get(from + 6) == '.' && isDigit(buf.get(from + 7));
        throw httpDigits ? new HttpError(505, "HTTP version not supported") : new HttpError(400, "malformed request line");
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /**
     * Whether the body is chunked. Transfer-Encoding is accepted only as exactly "chunked", once
     * (RFC 9112 6.1): any other coding, a list, or a repeated field is 501 Not Implemented, which
     * is what RFC 9112 6.1 asks of a server that does not understand a coding; jpm forwards the
     * body unchanged and would have to understand every coding to find its end.
     */
    private static boolean transferEncoding(ByteBuffer buf, HeaderFields fields, int versionMinor, long contentLength) throws HttpError {
        int codings = fields.countOf(FieldName.TRANSFER_ENCODING);
        if (codings == 0) {
            return false;
        }
        if (versionMinor == 0) {
            // RFC 9112 6.1: an HTTP/1.0 peer does not know chunked, so its framing is faulty
            throw new HttpError(400, "Transfer-Encoding in an HTTP/1.0 request");
        }
        if (contentLength >= 0) {
            // RFC 9112 6.3 lets a server process such a request by Transfer-Encoding, but it is the CL.TE and TE.CL smuggling
            throw new HttpError(400, "both Content-Length and Transfer-Encoding");
        }
        if (codings > 1 || !fields.valueIsChunked(buf, fields.first(FieldName.TRANSFER_ENCODING))) {
            throw new HttpError(501, "Transfer-Encoding other than chunked");
        }
        return true;
    }

    /** The Host field; RFC 9112 3.2: none in HTTP/1.1, more than one, or an invalid value is 400. */
    private static int host(ByteBuffer buf, HeaderFields fields, int versionMinor) throws HttpError {
        int count = fields.countOf(FieldName.HOST);
        if (count > 1 || (count == 0 && versionMinor == 1)) {
            throw new HttpError(400, count == 0 ? "no Host" : "more than one Host");
        }
        if (count == 0) {
            return -1;
        }
        int host = fields.first(FieldName.HOST);
        int valueStart = fields.valueStart(host);
        int valueEnd = fields.valueEnd(host);
        if (valueEnd - valueStart > HttpLimits.MAX_HOST_BYTES) {
            throw new HttpError(400, "Host longer than " + HttpLimits.MAX_HOST_BYTES + " bytes");
        }
        for (int i = valueStart; i < valueEnd; i++) {
            if (!isAuthorityChar(buf.get(i))) {
                throw new HttpError(400, "invalid Host");
            }
        }
        return host;
    }

    /** RFC 3986 3.2.2-3.2.3: what uri-host [":" port] is made of; no quote, backslash or space, which Forwarded's quoted host relies on. */
    private static boolean isAuthorityChar(byte b) {
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
            return true;
        }
        switch (b) {
            case '-': case '.': case '_': case '~': case '%': case '!': case '$': case '&': case '\'':
            case '(': case ')': case '*': case '+': case ',': case ';': case '=': case ':': case '[': case ']':
                return true;
            default:
                return false;
        }
    }

    /** RFC 9110 9.2.2: GET, HEAD, OPTIONS, TRACE, PUT, DELETE; only these may be sent again after a failure. */
    public boolean idempotent() {
        return method.idempotent;
    }

    /** A HEAD request: its response has no body, whatever its Content-Length says. */
    public boolean isHead() {
        return method == Method.HEAD;
    }

    public int versionMinor() {
        return versionMinor;
    }

    /** The body's length, or -1 when there is no Content-Length. */
    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** Whether the client keeps its connection after this exchange: HTTP/1.1 unless "Connection: close", HTTP/1.0 only with "Connection: keep-alive". */
    public boolean keepAlive() {
        if (fields.connectionClose()) {
            return false;
        }
        return versionMinor == 1 || fields.connectionKeepAlive();
    }

    /** An HTTP/1.1 request with "Connection: upgrade" and an Upgrade field (a WebSocket handshake): after a 101 the connection is a byte tunnel. */
    public boolean upgrade() {
        // RFC 9110 7.8: Upgrade in an HTTP/1.0 request is ignored
        return versionMinor == 1 && fields.connectionUpgrade() && fields.first(FieldName.UPGRADE) >= 0;
    }

    /** "Expect: 100-continue" in an HTTP/1.1 request: the client waits for a 100 (or a final status) before it sends the body. */
    public boolean expectContinue() {
        return expectContinue;
    }

    /** The bytes of the head as received, leading blank lines included. */
    public int headBytes() {
        return end - start;
    }

    /**
     * Writes the head as a backend is sent it into dst, from its position on (which it advances);
     * dst has room for {@link HttpLimits#MAX_HEAD_BYTES} + {@link HttpLimits#REWRITE_ROOM_BYTES}.
     * src is the buffer this was parsed from.
     *
     * <p>The request line and the fields are copied, but not the hop-by-hop fields: Connection,
     * Keep-Alive, Proxy-Connection, TE and those Connection names (RFC 9110 7.6.1), and Upgrade
     * unless this is an {@link #upgrade()} request, which keeps it and says "Connection: upgrade".
     * An HTTP/1.0 request says "Connection: keep-alive" so that the backend may keep the pooled
     * connection. Content-Length becomes one line. With a Forwarding, X-Forwarded-For and
     * Forwarded get the client appended to the values received (merged into one line each),
     * and X-Forwarded-Proto, -Host and -Port replace any received.
     *
     * @return the bytes written
     */
    public int writeForBackend(ByteBuffer src, ByteBuffer dst, Forwarding forwarding) {
        int before = dst.position();
        HeadWriter.copy(src, lineStart, lineEnd, dst);
        dst.put(HeadWriter.CRLF);
        boolean lengthWritten = false;
        for (int f = 0; f < fields.count(); f++) {
            FieldName name = fields.name(f);
            if (droppedForBackend(f, name, forwarding)) {
                continue;
            }
            if (name == FieldName.CONTENT_LENGTH) {
                if (!lengthWritten) {
                    dst.put(CONTENT_LENGTH);
                    HeadWriter.putDecimal(contentLength, dst);
                    dst.put(HeadWriter.CRLF);
                    lengthWritten = true;
                }
                continue;
            }
            HeadWriter.copyField(src, fields, f, dst);
        }
        if (upgrade()) {
            dst.put(CONNECTION_UPGRADE);
        } else if (versionMinor == 0) {
            dst.put(CONNECTION_KEEP_ALIVE);
        }
        if (forwarding != null) {
            forwarding.write(src, fields, host, dst);
        }
        dst.put(HeadWriter.CRLF);
        return dst.position() - before;
    }

    private boolean droppedForBackend(int field, FieldName name, Forwarding forwarding) {
        if (name == FieldName.UPGRADE) {
            // hop-by-hop too (Connection names it), but a WebSocket handshake is passed on
            return !upgrade();
        }
        return name.hopByHop() || fields.listedInConnection(field) || (forwarding != null && Forwarding.replaces(name));
    }
}
