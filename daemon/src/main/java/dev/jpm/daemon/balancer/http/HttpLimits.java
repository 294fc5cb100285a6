package dev.jpm.daemon.balancer.http;

/** The sizes jpm accepts from a client (and, for heads, from a backend), each with why that number. */
public final class HttpLimits {
    /**
     * A whole request or response head, leading blank lines included: 431 for a request, 502 for
     * a response. Apache httpd allows 8 KiB per field line and 100 fields, nginx 4 x 8 KiB buffers,
     * Node.js 16 KiB for the whole head; browsers' heads are 0.5-2 KiB with their cookies. 16 KiB
     * keeps a head inside one of the balancer's 32 KiB buffers with room for the rewritten copy.
     */
    public static final int MAX_HEAD_BYTES = 16 * 1024;
    /** A request line without its CRLF, then 414: 8 KiB is what Apache and nginx allow by default and RFC 9112 3 recommends at least. */
    public static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;
    /** Field lines in one head, then 431: Apache's default (LimitRequestFields); a browser sends 10-20. */
    public static final int MAX_HEADER_FIELDS = 100;
    /** A chunk-size line without its CRLF, extensions included, then 400: a size is at most 16 hex digits, so 4 KiB only serves extensions, which nobody sends in practice. */
    public static final int MAX_CHUNK_LINE_BYTES = 4 * 1024;
    /** The trailer section of a chunked body, then 400: as large as a head, since trailers are field lines like a head's. */
    public static final int MAX_TRAILER_BYTES = 16 * 1024;
    /**
     * A Host value, then 400: the longest DNS name (253) plus ":65535" is 259 bytes, a bracketed
     * IPv6 literal with a port 54. Bounding it bounds what X-Forwarded-Host and Forwarded copy of it,
     * so that the head written to a backend stays within {@link #MAX_HEAD_BYTES} + {@link #REWRITE_ROOM_BYTES}.
     */
    public static final int MAX_HOST_BYTES = 259;
    /**
     * What a rewritten head may add to the received one: Connection (24 bytes), X-Forwarded-For's
     * client address (at most 2 + 45 + 17 + 2), X-Forwarded-Proto (25), X-Forwarded-Port (25),
     * X-Forwarded-Host and Forwarded's element with two copies of the Host value (at most 630),
     * one byte for a normalised Content-Length: under 800, so 1 KiB.
     */
    public static final int REWRITE_ROOM_BYTES = 1024;
    /** A chunk size above 2^62 is refused: no body is that large, and the sum of sizes stays far from a long's overflow. */
    public static final long MAX_CHUNK_SIZE = 1L << 62;

    private HttpLimits() {
    }
}
