package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test messages in buffers as the balancer holds them: heap or direct, not starting at index 0. */
final class Wire {
    /** Where the message starts in its buffer: a head is rarely at index 0 on a keep-alive connection. */
    static final int OFFSET = 7;

    private Wire() {
    }

    /** The lines joined with CRLF, plus the empty line that ends a head. */
    static String head(String... lines) {
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    static ByteBuffer heap(String message) {
        return place(ByteBuffer.allocate(OFFSET + message.length() + 5), message);
    }

    static ByteBuffer direct(String message) {
        return place(ByteBuffer.allocateDirect(OFFSET + message.length() + 5), message);
    }

    static ByteBuffer buffer(String message, boolean direct) {
        return direct ? direct(message) : heap(message);
    }

    private static ByteBuffer place(ByteBuffer buf, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < OFFSET; i++) {
            buf.put(i, (byte) 'Z');
        }
        for (int i = 0; i < bytes.length; i++) {
            buf.put(OFFSET + i, bytes[i]);
        }
        // garbage after the message too, which nothing may read
        for (int i = OFFSET + bytes.length; i < buf.capacity(); i++) {
            buf.put(i, (byte) 'Z');
        }
        return buf;
    }

    static String text(ByteBuffer buf, int start, int end) {
        byte[] bytes = new byte[end - start];
        for (int i = start; i < end; i++) {
            bytes[i - start] = buf.get(i);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Finds the head's end in one scan and parses it. */
    static RequestHead request(String message) throws HttpError {
        return request(heap(message), message.length());
    }

    static RequestHead request(ByteBuffer buf, int length) throws HttpError {
        int end = new HeadEnd(true).scan(buf, OFFSET, OFFSET + length);
        if (end < 0) {
            throw new AssertionError("no end of head in " + text(buf, OFFSET, OFFSET + length));
        }
        return RequestHead.parse(buf, OFFSET, end);
    }

    /** The head as sent to the backend. */
    static String forBackend(String message, Forwarding forwarding) throws HttpError {
        ByteBuffer src = heap(message);
        RequestHead head = request(src, message.length());
        ByteBuffer dst = ByteBuffer.allocate(HttpLimits.MAX_HEAD_BYTES + HttpLimits.REWRITE_ROOM_BYTES);
        dst.position(3);
        int written = head.writeForBackend(src, dst, forwarding);
        return text(dst, 3, 3 + written);
    }

    static ResponseHead response(String message, boolean requestWasHead) throws HttpError {
        ByteBuffer buf = heap(message);
        int end = new HeadEnd(false).scan(buf, OFFSET, OFFSET + message.length());
        if (end < 0) {
            throw new AssertionError("no end of head in " + message);
        }
        return ResponseHead.parse(buf, OFFSET, end, requestWasHead);
    }

    /** The response head as the client is sent it after that request. */
    static String forClient(String response, String request) throws HttpError {
        ByteBuffer src = heap(response);
        int end = new HeadEnd(false).scan(src, OFFSET, OFFSET + response.length());
        ResponseHead head = ResponseHead.parse(src, OFFSET, end, false);
        ByteBuffer dst = ByteBuffer.allocateDirect(HttpLimits.MAX_HEAD_BYTES + HttpLimits.REWRITE_ROOM_BYTES);
        dst.position(2);
        int written = head.writeForClient(src, dst, request(request));
        return text(dst, 2, 2 + written);
    }
}
