package dev.jpm.daemon.balancer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedBodyTest {
    private static final String BODY = "5\r\nhello\r\n1a;name=\"quoted;value\"\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Sum: 42\r\n\r\n";

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void findsTheEndAfterTheTrailers(boolean direct) throws HttpError {
        ByteBuffer buf = Wire.buffer(BODY + "GET / HTTP/1.1", direct);
        assertEquals(Wire.OFFSET + BODY.length(), new ChunkedBody().scan(buf, Wire.OFFSET, Wire.OFFSET + BODY.length() + 14));
    }

    @Test
    void findsTheEndOfABodyWithoutTrailers() throws HttpError {
        assertEnd("0\r\n\r\n");
        assertEnd("3\r\nabc\r\n0\r\n\r\n");
        assertEnd("A\r\n0123456789\r\n0\r\n\r\n");
        assertEnd("a\r\n0123456789\r\n000\r\n\r\n");
    }

    @Test
    void acceptsExtensionsWithWhitespaceBeforeTheSemicolon() throws HttpError {
        assertEnd("5 ; ext\r\nhello\r\n0\r\n\r\n");
        assertEnd("5\t;ext=1;other\r\nhello\r\n0;last\r\n\r\n");
    }

    @Test
    void acceptsLeadingZerosThatKeepTheSizeSmall() throws HttpError {
        // 17 digits, value 5: every parser agrees on it
        assertEnd("00000000000000005\r\nhello\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void findsTheSameEndHoweverTheBytesAreSplit(boolean direct) throws HttpError {
        String message = BODY + "next";
        ByteBuffer buf = Wire.buffer(message, direct);
        int to = Wire.OFFSET + message.length();
        for (int split = Wire.OFFSET; split <= to; split++) {
            ChunkedBody body = new ChunkedBody();
            int end = body.scan(buf, Wire.OFFSET, split);
            if (end < 0) {
                end = body.scan(buf, split, to);
            }
            assertEquals(Wire.OFFSET + BODY.length(), end, "split at " + split);
        }
    }

    @Test
    void findsTheSameEndFedOneByteAtATime() throws HttpError {
        ByteBuffer buf = Wire.heap(BODY);
        ChunkedBody body = new ChunkedBody();
        int end = -1;
        for (int i = Wire.OFFSET; end < 0; i++) {
            end = body.scan(buf, i, i + 1);
        }
        assertEquals(Wire.OFFSET + BODY.length(), end);
    }

    @Test
    void saysNotYetWhileTheBodyGoesOn() throws HttpError {
        ByteBuffer buf = Wire.heap(BODY);
        assertEquals(-1, new ChunkedBody().scan(buf, Wire.OFFSET, Wire.OFFSET + BODY.length() - 1));
    }

    @Test
    void isReusedAfterReset() throws HttpError {
        String two = "3\r\nabc\r\n0\r\n\r\n" + "1\r\nx\r\n0\r\n\r\n";
        ByteBuffer buf = Wire.heap(two);
        ChunkedBody body = new ChunkedBody();
        int first = body.scan(buf, Wire.OFFSET, Wire.OFFSET + two.length());
        assertEquals(Wire.OFFSET + 13, first);
        body.reset();
        assertEquals(Wire.OFFSET + two.length(), body.scan(buf, first, Wire.OFFSET + two.length()));
    }

    @Test
    void refusesSizesThatAreNotHexDigits() {
        for (String size : new String[] {"0x5", "+5", "-5", "", " 5", "5 ", "5 5", "g", "5\t", "\u00b9"}) {
            assertFault(400, size + "\r\nhello\r\n0\r\n\r\n");
        }
    }

    @Test
    void refusesSizesAbove2To62() {
        // 17 digits that a 64-bit parser without an overflow check would read as 5
        assertFault(400, "10000000000000005\r\nhello\r\n0\r\n\r\n");
        assertFault(400, "ffffffffffffffff\r\n");
        assertFault(400, "4000000000000001\r\n");
    }

    @Test
    void acceptsASizeOf2To62() throws HttpError {
        String size = "4000000000000000\r\n";
        assertEquals(-1, new ChunkedBody().scan(Wire.heap(size), Wire.OFFSET, Wire.OFFSET + size.length()));
    }

    @Test
    void refusesChunkDataNotFollowedByCrlf() {
        assertFault(400, "5\r\nhello!\r\n0\r\n\r\n");
        assertFault(400, "5\r\nhell\r\n0\r\n\r\n");
        assertFault(400, "5\r\nhello\n0\r\n\r\n");
        assertFault(400, "5\r\nhello\r0\r\n\r\n");
    }

    @Test
    void refusesBareCrAndLf() {
        assertFault(400, "5\nhello\r\n0\r\n\r\n");
        assertFault(400, "5\rhello\r\n0\r\n\r\n");
        assertFault(400, "5;a\nhello\r\n0\r\n\r\n");
        assertFault(400, "0\r\nX: 1\n\r\n");
        assertFault(400, "0\r\nX: 1\r\r\n");
        assertFault(400, "0\r\n\n");
        assertFault(400, "0\r\n\r\r");
        assertFault(400, "0\n\r\n");
    }

    @Test
    void refusesControlCharactersInExtensionsAndTrailers() {
        assertFault(400, "5;a\u0000b\r\nhello\r\n0\r\n\r\n");
        assertFault(400, "0\r\nX: a\u0001\r\n\r\n");
        assertFault(400, "0\r\n X: folded\r\n\r\n");
    }

    @Test
    void refusesASizeLinePastItsLimit() {
        String extension = ";" + "e".repeat(HttpLimits.MAX_CHUNK_LINE_BYTES);
        assertFault(400, "5" + extension + "\r\nhello\r\n0\r\n\r\n");
        assertFault(400, "0".repeat(HttpLimits.MAX_CHUNK_LINE_BYTES + 1));
    }

    @Test
    void acceptsASizeLineAtItsLimit() throws HttpError {
        String extension = ";" + "e".repeat(HttpLimits.MAX_CHUNK_LINE_BYTES - 2);
        assertEnd("5" + extension + "\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void refusesTrailersPastTheirLimit() {
        String trailer = "X: " + "t".repeat(1000) + "\r\n";
        assertFault(400, "0\r\n" + trailer.repeat(HttpLimits.MAX_TRAILER_BYTES / trailer.length() + 1) + "\r\n");
    }

    @Test
    void answersAResponsesFaults502() {
        ByteBuffer buf = Wire.heap("0x5\r\n");
        assertEquals(502, assertThrows(HttpError.class, () -> new ChunkedBody(false).scan(buf, Wire.OFFSET, Wire.OFFSET + 5)).status());
    }

    private static void assertEnd(String body) throws HttpError {
        ByteBuffer buf = Wire.heap(body + "after");
        assertEquals(Wire.OFFSET + body.length(), new ChunkedBody().scan(buf, Wire.OFFSET, Wire.OFFSET + body.length() + 5), body);
    }

    private static void assertFault(int status, String body) {
        ByteBuffer buf = Wire.heap(body);
        HttpError error = assertThrows(HttpError.class, () -> new ChunkedBody().scan(buf, Wire.OFFSET, Wire.OFFSET + body.length()), body);
        assertEquals(status, error.status());
    }
}
