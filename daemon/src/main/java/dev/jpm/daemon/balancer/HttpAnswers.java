package dev.jpm.daemon.balancer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The responses jpm gives itself in http mode, when a request cannot or must not reach an
 * instance. Each closes the connection: after a malformed or unanswerable request the client's
 * next bytes cannot be trusted to start a request. Built once; each use is a read-only view.
 */
final class HttpAnswers {
    private static final ByteBuffer[] BY_STATUS = new ByteBuffer[600];

    static {
        add(400, "Bad Request", "the request is malformed");
        add(408, "Request Timeout", "the request head did not arrive in time");
        add(414, "URI Too Long", "the request line is too long");
        add(431, "Request Header Fields Too Large", "the request head is too large or has too many fields");
        add(501, "Not Implemented", "this request is not supported by jpm's balancer");
        add(502, "Bad Gateway", "the instance failed to answer");
        add(503, "Service Unavailable", "no instance of this app is online");
        add(504, "Gateway Timeout", "the instance did not answer in time");
        add(505, "HTTP Version Not Supported", "only HTTP/1.0 and HTTP/1.1 are supported");
    }

    private HttpAnswers() {
    }

    /**
     * 503 says when to try again: instances come online within seconds of a restart, so one
     * second is the honest hint (RFC 9110 10.2.3).
     */
    private static void add(int status, String phrase, String body) {
        String text = "HTTP/1.1 " + status + " " + phrase + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + (body.length() + 1) + "\r\n"
                + (status == 503 ? "Retry-After: 1\r\n" : "")
                + "Connection: close\r\n\r\n"
                + body + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        BY_STATUS[status] = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    /** The answer for {@code status}, ready to write; 400 for a status without its own. */
    static ByteBuffer of(int status) {
        ByteBuffer answer = status >= 0 && status < BY_STATUS.length ? BY_STATUS[status] : null;
        return (answer == null ? BY_STATUS[400] : answer).duplicate();
    }
}
