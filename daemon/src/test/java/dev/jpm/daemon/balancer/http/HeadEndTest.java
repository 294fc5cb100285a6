package dev.jpm.daemon.balancer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadEndTest {
    private static final String GET = Wire.head("GET /a HTTP/1.1", "Host: example.com", "Accept: */*");

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void findsTheEndOfAHeadInOneRead(boolean direct) throws HttpError {
        String message = GET + "body bytes";
        ByteBuffer buf = Wire.buffer(message, direct);
        int end = new HeadEnd(true).scan(buf, Wire.OFFSET, Wire.OFFSET + message.length());
        assertEquals(Wire.OFFSET + GET.length(), end);
    }

    @Test
    void saysNotYetUntilTheEmptyLineArrives() throws HttpError {
        ByteBuffer buf = Wire.heap(GET);
        assertEquals(-1, new HeadEnd(true).scan(buf, Wire.OFFSET, Wire.OFFSET + GET.length() - 1));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void findsTheSameEndHoweverTheBytesAreSplitInTwo(boolean direct) throws HttpError {
        String message = "\r\n\r\n" + GET + "next";
        ByteBuffer buf = Wire.buffer(message, direct);
        int expected = Wire.OFFSET + message.length() - 4;
        for (int split = Wire.OFFSET; split <= Wire.OFFSET + message.length(); split++) {
            HeadEnd headEnd = new HeadEnd(true);
            int end = headEnd.scan(buf, Wire.OFFSET, split);
            if (end < 0) {
                end = headEnd.scan(buf, split, Wire.OFFSET + message.length());
            }
            assertEquals(expected, end, "split at " + split);
            assertEquals(4, headEnd.leadingBlankBytes(), "split at " + split);
        }
    }

    @Test
    void findsTheSameEndFedOneByteAtATime() throws HttpError {
        ByteBuffer buf = Wire.heap(GET);
        HeadEnd headEnd = new HeadEnd(true);
        int end = -1;
        for (int i = Wire.OFFSET; end < 0; i++) {
            end = headEnd.scan(buf, i, i + 1);
        }
        assertEquals(Wire.OFFSET + GET.length(), end);
    }

    @Test
    void isReusedAfterReset() throws HttpError {
        String two = GET + "\r\n" + GET;
        ByteBuffer buf = Wire.heap(two);
        HeadEnd headEnd = new HeadEnd(true);
        int first = headEnd.scan(buf, Wire.OFFSET, Wire.OFFSET + two.length());
        assertEquals(0, headEnd.leadingBlankBytes());
        headEnd.reset();
        int second = headEnd.scan(buf, first, Wire.OFFSET + two.length());
        assertEquals(Wire.OFFSET + two.length(), second);
        assertEquals(2, headEnd.leadingBlankBytes());
    }

    @Test
    void refusesABareLineFeed() {
        assertStatus(400, "GET / HTTP/1.1\nHost: a\r\n\r\n");
        assertStatus(400, "GET / HTTP/1.1\r\nHost: a\n\r\n");
        assertStatus(400, "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void refusesABareCarriageReturn() {
        assertStatus(400, "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n");
        assertStatus(400, "GET / HTTP/1.1\r\nHost: a\r\r\n\r\n");
    }

    @Test
    void refusesARequestLinePastItsLimitBeforeItEnds() {
        String line = "GET /" + "a".repeat(HttpLimits.MAX_REQUEST_LINE_BYTES);
        assertStatus(414, line);
    }

    @Test
    void acceptsARequestLineAtItsLimit() throws HttpError {
        String target = "/" + "a".repeat(HttpLimits.MAX_REQUEST_LINE_BYTES - "GET  HTTP/1.1".length() - 1);
        String message = Wire.head("GET " + target + " HTTP/1.1", "Host: a");
        assertEquals(Wire.OFFSET + message.length(), new HeadEnd(true).scan(Wire.heap(message), Wire.OFFSET, Wire.OFFSET + message.length()));
    }

    @Test
    void refusesAHeadPastItsLimitBeforeItEnds() {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        while (head.length() <= HttpLimits.MAX_HEAD_BYTES) {
            head.append("Cookie: ").append("c".repeat(1000)).append("\r\n");
        }
        assertStatus(431, head.toString());
    }

    @Test
    void refusesEndlessBlankLinesAsAnOversizedHead() {
        assertStatus(431, "\r\n".repeat(HttpLimits.MAX_HEAD_BYTES));
    }

    @Test
    void refusesTooManyFieldsBeforeTheHeadEnds() {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i <= HttpLimits.MAX_HEADER_FIELDS; i++) {
            head.append("A: b\r\n");
        }
        assertStatus(431, head.toString());
    }

    @Test
    void acceptsTheMostFields() throws HttpError {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < HttpLimits.MAX_HEADER_FIELDS; i++) {
            head.append("A: b\r\n");
        }
        String message = head.append("\r\n").toString();
        assertEquals(Wire.OFFSET + message.length(), new HeadEnd(true).scan(Wire.heap(message), Wire.OFFSET, Wire.OFFSET + message.length()));
    }

    @Test
    void answersAResponsesFaults502() {
        ByteBuffer bare = Wire.heap("HTTP/1.1 200 OK\n");
        assertEquals(502, assertThrows(HttpError.class, () -> new HeadEnd(false).scan(bare, Wire.OFFSET, Wire.OFFSET + 16)).status());
        String huge = "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(HttpLimits.MAX_HEAD_BYTES / 5);
        ByteBuffer big = Wire.heap(huge);
        assertEquals(502, assertThrows(HttpError.class, () -> new HeadEnd(false).scan(big, Wire.OFFSET, Wire.OFFSET + huge.length())).status());
    }

    @Test
    void allowsAResponseALongStartLine() throws HttpError {
        // a response's start line has no limit of its own, only the head's
        String message = "HTTP/1.1 200 " + "a".repeat(HttpLimits.MAX_REQUEST_LINE_BYTES) + "\r\n\r\n";
        assertEquals(Wire.OFFSET + message.length(), new HeadEnd(false).scan(Wire.heap(message), Wire.OFFSET, Wire.OFFSET + message.length()));
    }

    private static void assertStatus(int status, String message) {
        ByteBuffer buf = Wire.heap(message);
        HttpError error = assertThrows(HttpError.class, () -> new HeadEnd(true).scan(buf, Wire.OFFSET, Wire.OFFSET + message.length()));
        assertEquals(status, error.status(), error.reason());
    }
}
