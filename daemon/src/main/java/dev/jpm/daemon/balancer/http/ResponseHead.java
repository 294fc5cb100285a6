package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;

/**
 * A backend's response head. It comes from one of our own instances, so it is read leniently
 * where that is safe, but its framing must be certain: whatever jpm cannot frame is 502, and
 * when both Transfer-Encoding and Content-Length are present Transfer-Encoding wins (RFC 9112
 * 6.3), Content-Length is not forwarded and the backend connection is not reused. Keeps offsets
 * into the buffer it was parsed from; belongs to the I/O thread of the exchange.
 */
public final class ResponseHead {
    /** How the body after this head is delimited. */
    public enum BodyMode {
        /** No body: the response to a HEAD request, a 1xx, 204 or 304 (RFC 9112 6.3). */
        NONE,
        /** {@link #contentLength()} bytes. */
        LENGTH,
        /** Chunked: {@link ChunkedBody} finds its end. */
        CHUNKED,
        /** Neither length nor chunked: the body ends when the backend closes the connection. */
        UNTIL_CLOSE
    }

    private static final byte[] HTTP_1 = Ascii.bytes("HTTP/1.");
    private static final byte[] CONNECTION_CLOSE = Ascii.bytes("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = Ascii.bytes("Connection: keep-alive\r\n");

    /** Set by {@link #endClient}; the one field a user of the parsed head changes. */
    private boolean endsClient;
    private final int start;
    private final int end;
    private final int lineStart;
    private final int lineEnd;
    private final int status;
    private final int versionMinor;
    private final HeaderFields fields;
    private final BodyMode bodyMode;
    private final long contentLength;
    /** Both Transfer-Encoding and Content-Length: the length is dropped on the way to the client. */
    private final boolean lengthOverridden;
    /** Whether a field must go: hop-by-hop or named by Connection. */
    private final boolean hasHopByHop;

    private ResponseHead(int start, int end, int lineStart, int lineEnd, int status, int versionMinor, HeaderFields fields,
            BodyMode bodyMode, long contentLength, boolean lengthOverridden) {
        this.start = start;
        this.end = end;
        this.lineStart = lineStart;
        this.lineEnd = lineEnd;
        this.status = status;
        this.versionMinor = versionMinor;
        this.fields = fields;
        this.bodyMode = bodyMode;
        this.contentLength = contentLength;
        this.lengthOverridden = lengthOverridden;
        boolean hopByHop = false;
        for (int f = 0; f < fields.count(); f++) {
            hopByHop |= dropped(f);
        }
        this.hasHopByHop = hopByHop;
    }

    /**
     * Parses a complete head buf[start,end), end as returned by {@link HeadEnd#scan}.
     *
     * @param requestWasHead the request was HEAD, so no body follows whatever the head says
     * @throws HttpError 502 for a response jpm cannot read or frame
     */
    public static ResponseHead parse(ByteBuffer buf, int start, int end, boolean requestWasHead) throws HttpError {
        int lineStart = start;
        while (lineStart + 1 < end && buf.get(lineStart) == Ascii.CR && buf.get(lineStart + 1) == Ascii.LF) {
            lineStart += 2;
        }
        // "HTTP/1.1 200" CRLF at least, with an optional " reason" before the CRLF
        if (lineStart + 14 > end) {
            throw new HttpError(502, "malformed status line");
        }
        for (int i = 0; i < HTTP_1.length; i++) {
            if (buf.get(lineStart + i) != HTTP_1[i]) {
                throw new HttpError(502, "malformed status line");
            }
        }
        byte minor = buf.get(lineStart + 7);
        if ((minor != '0' && minor != '1') || buf.get(lineStart + 8) != Ascii.SP) {
            throw new HttpError(502, "malformed status line");
        }
        int status = 0;
        for (int i = lineStart + 9; i < lineStart + 12; i++) {
            byte b = buf.get(i);
            if (b < '0' || b > '9') {
                throw new HttpError(502, "malformed status code");
            }
            status = status * 10 + b - '0';
        }
        // RFC 9110 15: only 1xx to 5xx are defined; a client could not tell what else means
        if (status < 100 || status > 599) {
            throw new HttpError(502, "status code out of range");
        }
        int p = lineStart + 12;
        if (buf.get(p) != Ascii.CR) {
            if (buf.get(p) != Ascii.SP) {
                throw new HttpError(502, "malformed status line");
            }
            while (p < end && buf.get(p) != Ascii.CR) {
                if (Ascii.isForbiddenInValue(buf.get(p))) {
                    throw new HttpError(502, "control character in the reason phrase");
                }
                p++;
            }
        }
        if (p + 1 >= end || buf.get(p + 1) != Ascii.LF) {
            throw new HttpError(502, "malformed status line");
        }
        int lineEnd = p;
        HeaderFields fields = HeaderFields.parse(buf, p + 2, end, false);
        long contentLength = fields.contentLength(buf);
        boolean transferEncoding = fields.first(FieldName.TRANSFER_ENCODING) >= 0;
        BodyMode mode;
        if (requestWasHead || status < 200 || status == 204 || status == 304) {
            mode = BodyMode.NONE;
        } else if (transferEncoding) {
            // RFC 9112 6.3 rule 4: a response whose final coding is not chunked ends at close
            mode = fields.lastCodingIsChunked(buf) ? BodyMode.CHUNKED : BodyMode.UNTIL_CLOSE;
        } else if (contentLength >= 0) {
            mode = BodyMode.LENGTH;
        } else {
            mode = BodyMode.UNTIL_CLOSE;
        }
        boolean lengthOverridden = transferEncoding && contentLength >= 0;
        return new ResponseHead(start, end, lineStart, lineEnd, status, minor - '0', fields, mode,
                mode == BodyMode.LENGTH ? contentLength : -1, lengthOverridden);
    }

    public int status() {
        return status;
    }

    public int versionMinor() {
        return versionMinor;
    }

    /** A 1xx other than 101 (100 Continue, 103 Early Hints): forwarded, then the final response's head follows. */
    public boolean interim() {
        return status < 200 && status != 101;
    }

    /** 101: from now on the connection is a byte tunnel, never pooled. */
    public boolean switchingProtocols() {
        return status == 101;
    }

    public BodyMode bodyMode() {
        return bodyMode;
    }

    /** The body's length in {@link BodyMode#LENGTH}, else -1. */
    public long contentLength() {
        return contentLength;
    }

    /**
     * Whether the backend keeps the connection for another request: HTTP/1.1 unless "Connection:
     * close", HTTP/1.0 only with "Connection: keep-alive"; never after a body that ends at close,
     * a 101, or a head with both Content-Length and Transfer-Encoding (RFC 9112 6.3: its framing
     * is suspect).
     */
    public boolean reusable() {
        if (bodyMode == BodyMode.UNTIL_CLOSE || switchingProtocols() || lengthOverridden || fields.connectionClose()) {
            return false;
        }
        return versionMinor == 1 || fields.connectionKeepAlive();
    }

    /**
     * Whether the client's connection stays open after this response: the client wants it and
     * the response can be framed for it (a body that ends at close can only end so for the
     * client too). Meaningless for an interim response and a 101.
     */
    public boolean keepsClient(RequestHead request) {
        return !endsClient && request.keepAlive() && bodyMode != BodyMode.UNTIL_CLOSE;
    }

    /**
     * The balancer ends the client's connection after this response for a reason of its own (the
     * response came while the request was still arriving, so the rest of the request cannot be
     * told from a next one): its head must say Connection: close.
     */
    public void endClient() {
        endsClient = true;
    }

    /**
     * Whether the head must be rewritten for this client, else its bytes are forwarded as they
     * are (the common case: a keep-alive HTTP/1.1 client, a response without hop-by-hop fields).
     */
    public boolean needsRewrite(RequestHead request) {
        if (switchingProtocols()) {
            return false;
        }
        if (hasHopByHop || lengthOverridden) {
            return true;
        }
        return !interim() && connectionToAdd(request) != null;
    }

    /** "Connection: close" when the client's connection ends after this response, "Connection: keep-alive" for an HTTP/1.0 client that keeps it, else null. */
    private byte[] connectionToAdd(RequestHead request) {
        if (!keepsClient(request)) {
            return CONNECTION_CLOSE;
        }
        return request.versionMinor() == 0 ? CONNECTION_KEEP_ALIVE : null;
    }

    /**
     * Writes the head as the client is sent it into dst, from its position on (which it
     * advances); dst has room for {@link HttpLimits#MAX_HEAD_BYTES} + {@link HttpLimits#REWRITE_ROOM_BYTES}.
     * Connection, Keep-Alive, Proxy-Connection and the fields Connection names are dropped (all
     * kept for a 101, whose Connection and Upgrade the client needs), and Content-Length beside
     * Transfer-Encoding; then the Connection this client needs is added ({@link #keepsClient}).
     *
     * @return the bytes written
     */
    public int writeForClient(ByteBuffer src, ByteBuffer dst, RequestHead request) {
        int before = dst.position();
        if (switchingProtocols()) {
            HeadWriter.copy(src, lineStart, end, dst);
            return dst.position() - before;
        }
        HeadWriter.copy(src, lineStart, lineEnd, dst);
        dst.put(HeadWriter.CRLF);
        for (int f = 0; f < fields.count(); f++) {
            if (!dropped(f) && !(lengthOverridden && fields.name(f) == FieldName.CONTENT_LENGTH)) {
                HeadWriter.copyField(src, fields, f, dst);
            }
        }
        byte[] connection = interim() ? null : connectionToAdd(request);
        if (connection != null) {
            dst.put(connection);
        }
        dst.put(HeadWriter.CRLF);
        return dst.position() - before;
    }

    private boolean dropped(int field) {
        FieldName name = fields.name(field);
        // TE is a request field; a backend sending it is harmless and it is left alone
        return name == FieldName.CONNECTION || name == FieldName.KEEP_ALIVE || name == FieldName.PROXY_CONNECTION
                || fields.listedInConnection(field);
    }

    /** The bytes of the head as received, leading blank lines included. */
    public int headBytes() {
        return end - start;
    }
}
