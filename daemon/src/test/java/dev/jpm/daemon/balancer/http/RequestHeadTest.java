package dev.jpm.daemon.balancer.http;

import static dev.jpm.daemon.balancer.http.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsAPlainGet(boolean direct) throws HttpError {
        String message = head("GET /index.html?q=1 HTTP/1.1", "Host: example.com", "Accept: */*");
        RequestHead get = Wire.request(Wire.buffer(message, direct), message.length());
        assertEquals(1, get.versionMinor());
        assertTrue(get.idempotent());
        assertFalse(get.isHead());
        assertEquals(-1, get.contentLength());
        assertFalse(get.chunked());
        assertFalse(get.hasBody());
        assertTrue(get.keepAlive());
        assertFalse(get.upgrade());
        assertFalse(get.expectContinue());
        assertEquals(message.length(), get.headBytes());
    }

    @Test
    void skipsLeadingBlankLines() throws HttpError {
        String message = "\r\n\r\n" + head("HEAD / HTTP/1.1", "Host: a");
        RequestHead request = Wire.request(message);
        assertTrue(request.isHead());
        assertEquals(message.length(), request.headBytes());
    }

    @Test
    void knowsTheIdempotentMethods() throws HttpError {
        for (String method : new String[] {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"}) {
            assertTrue(Wire.request(head(method + " / HTTP/1.1", "Host: a")).idempotent(), method);
        }
        for (String method : new String[] {"POST", "PATCH", "PROPFIND", "get"}) {
            assertFalse(Wire.request(head(method + " / HTTP/1.1", "Host: a")).idempotent(), method);
        }
    }

    @Test
    void refusesConnectAsNotImplemented() {
        assertStatus(501, head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443"));
    }

    @Test
    void refusesMalformedRequestLines() {
        assertStatus(400, head("GET  / HTTP/1.1", "Host: a"));
        assertStatus(400, head("GET /  HTTP/1.1", "Host: a"));
        assertStatus(400, head("GET / HTTP/1.1 ", "Host: a"));
        assertStatus(400, head(" GET / HTTP/1.1", "Host: a"));
        assertStatus(400, head("GET\t/ HTTP/1.1", "Host: a"));
        assertStatus(400, head("G(T / HTTP/1.1", "Host: a"));
        assertStatus(400, head("GET /a b HTTP/1.1", "Host: a"));
        assertStatus(400, head("GET /\u00e9 HTTP/1.1", "Host: a"));
        assertStatus(400, head("GET /\u0000 HTTP/1.1", "Host: a"));
        assertStatus(400, head("GET / http/1.1", "Host: a"));
        assertStatus(400, head("GET / HTTP/1.10", "Host: a"));
        assertStatus(400, head("GET / HTTP/11", "Host: a"));
        assertStatus(400, head("GET", "Host: a"));
        assertStatus(400, head("/ HTTP/1.1", "Host: a"));
    }

    @Test
    void refusesOtherVersionsAsNotSupported() {
        assertStatus(505, head("GET / HTTP/2.0", "Host: a"));
        assertStatus(505, head("GET / HTTP/1.2", "Host: a"));
        assertStatus(505, head("GET / HTTP/0.9", "Host: a"));
        assertStatus(505, head("GET /"));
    }

    @Test
    void refusesARequestLinePastItsLimit() {
        String target = "/" + "a".repeat(HttpLimits.MAX_REQUEST_LINE_BYTES);
        String message = head("GET " + target + " HTTP/1.1", "Host: a");
        // HeadEnd would have refused it first: parse on its own refuses it the same way
        ByteBuffer buf = Wire.heap(message);
        HttpError error = assertThrows(HttpError.class, () -> RequestHead.parse(buf, Wire.OFFSET, Wire.OFFSET + message.length()));
        assertEquals(414, error.status());
    }

    @Test
    void refusesWhitespaceBetweenAFieldNameAndItsColon() {
        assertStatus(400, head("GET / HTTP/1.1", "Host : a"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "Transfer-Encoding : chunked"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "Content-Length\t: 5"));
    }

    @Test
    void refusesBadFieldNames() {
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", ": empty name"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "No colon"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "Bad\"name: x"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "Bad\u0000name: x"));
    }

    @Test
    void refusesObsoleteLineFolding() {
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "X-Long: first", " second"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "X-Long: first", "\tsecond"));
        assertStatus(400, head("GET / HTTP/1.1", " Host: a"));
    }

    @Test
    void refusesControlCharactersInValues() {
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "X: a\u0000b"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "X: a\u001bb"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "X: a\u007fb"));
        // a bare CR or LF, parsed without HeadEnd
        assertParseStatus(400, "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n");
        assertParseStatus(400, "GET / HTTP/1.1\r\nHost: a\r\nX: a\nb\r\n\r\n");
        assertParseStatus(400, "GET / HTTP/1.1\nHost: a\r\n\r\n");
    }

    @Test
    void acceptsTabsAndHighBytesInValues() throws HttpError {
        Wire.request(head("GET / HTTP/1.1", "Host: a", "X: a\tb \u00e9", "Y:", "Z:   "));
    }

    @Test
    void refusesTooManyFields() {
        String[] lines = new String[HttpLimits.MAX_HEADER_FIELDS + 2];
        lines[0] = "GET / HTTP/1.1";
        lines[1] = "Host: a";
        for (int i = 2; i < lines.length; i++) {
            lines[i] = "X-" + i + ": v";
        }
        String message = head(lines);
        ByteBuffer buf = Wire.heap(message);
        HttpError error = assertThrows(HttpError.class, () -> RequestHead.parse(buf, Wire.OFFSET, Wire.OFFSET + message.length()));
        assertEquals(431, error.status());
    }

    @Test
    void readsContentLength() throws HttpError {
        RequestHead post = Wire.request(head("POST /form HTTP/1.1", "Host: a", "Content-Length: 42"));
        assertEquals(42, post.contentLength());
        assertTrue(post.hasBody());
        assertFalse(Wire.request(head("POST / HTTP/1.1", "Host: a", "Content-Length: 0")).hasBody());
    }

    @Test
    void acceptsRepeatedContentLengthsThatAgree() throws HttpError {
        assertEquals(5, Wire.request(head("POST / HTTP/1.1", "Host: a", "Content-Length: 5, 5")).contentLength());
        assertEquals(5, Wire.request(head("POST / HTTP/1.1", "Host: a", "Content-Length: 5", "content-length:5")).contentLength());
        assertEquals(5, Wire.request(head("POST / HTTP/1.1", "Host: a", "Content-Length:\t5\t")).contentLength());
    }

    @Test
    void refusesContentLengthsThatDisagreeOrAreNotDigits() {
        for (String value : new String[] {"5, 6", "+5", "-5", "5 5", "0x5", "5.0", "", ",", "5,", ",5", "5,,5", "1e3", "\u00b9"}) {
            assertStatus(400, head("POST / HTTP/1.1", "Host: a", "Content-Length: " + value));
        }
        assertStatus(400, head("POST / HTTP/1.1", "Host: a", "Content-Length: 5", "Content-Length: 6"));
        assertStatus(400, head("POST / HTTP/1.1", "Host: a", "Content-Length: 9223372036854775808"));
        assertStatus(400, head("POST / HTTP/1.1", "Host: a", "Content-Length: 99999999999999999999999"));
    }

    @Test
    void acceptsTheLargestContentLength() throws HttpError {
        assertEquals(Long.MAX_VALUE, Wire.request(head("POST / HTTP/1.1", "Host: a", "Content-Length: 9223372036854775807")).contentLength());
    }

    @Test
    void readsChunked() throws HttpError {
        for (String value : new String[] {"chunked", "Chunked", "CHUNKED", "\tchunked", "chunked  "}) {
            RequestHead post = Wire.request(head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding:" + value));
            assertTrue(post.chunked(), value);
            assertTrue(post.hasBody(), value);
            assertEquals(-1, post.contentLength());
        }
    }

    @Test
    void refusesCodingsOtherThanChunkedAsNotImplemented() {
        for (String value : new String[] {"gzip", "gzip, chunked", "chunked, chunked", "identity", "xchunked", "chunked;q=1", "chunk", "\"chunked\"", ""}) {
            assertStatus(501, head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: " + value));
        }
        assertStatus(501, head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked"));
        assertStatus(501, head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: gzip", "Transfer-Encoding: chunked"));
    }

    @Test
    void refusesBothContentLengthAndTransferEncoding() {
        // CL.TE and TE.CL: whichever a backend believed, the other would smuggle a request
        assertStatus(400, head("POST / HTTP/1.1", "Host: a", "Content-Length: 6", "Transfer-Encoding: chunked"));
        assertStatus(400, head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "Content-Length: 6"));
        assertStatus(400, head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: xchunked", "Content-Length: 6"));
    }

    @Test
    void refusesTransferEncodingInHttp10() {
        assertStatus(400, head("POST / HTTP/1.0", "Transfer-Encoding: chunked"));
    }

    @Test
    void needsOneValidHostInHttp11() throws HttpError {
        assertStatus(400, head("GET / HTTP/1.1"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "Host: b"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a", "host: a"));
        assertStatus(400, head("GET / HTTP/1.0", "Host: a", "Host: b"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a b"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: a\"b"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: user@a"));
        assertStatus(400, head("GET / HTTP/1.1", "Host: " + "a".repeat(HttpLimits.MAX_HOST_BYTES + 1)));
        Wire.request(head("GET / HTTP/1.0"));
        Wire.request(head("GET / HTTP/1.1", "Host: [2001:db8::1]:8080"));
        Wire.request(head("GET / HTTP/1.1", "Host:"));
        Wire.request(head("GET / HTTP/1.1", "Host: " + "a".repeat(HttpLimits.MAX_HOST_BYTES)));
    }

    @Test
    void knowsWhenTheClientKeepsItsConnection() throws HttpError {
        assertTrue(Wire.request(head("GET / HTTP/1.1", "Host: a")).keepAlive());
        assertFalse(Wire.request(head("GET / HTTP/1.1", "Host: a", "Connection: close")).keepAlive());
        assertFalse(Wire.request(head("GET / HTTP/1.1", "Host: a", "Connection: TE, Close")).keepAlive());
        assertFalse(Wire.request(head("GET / HTTP/1.1", "Host: a", "Connection: keep-alive", "Connection: close")).keepAlive());
        assertFalse(Wire.request(head("GET / HTTP/1.0")).keepAlive());
        assertTrue(Wire.request(head("GET / HTTP/1.0", "Connection: Keep-Alive")).keepAlive());
        assertTrue(Wire.request(head("GET / HTTP/1.1", "Host: a", "Connection: closed")).keepAlive());
    }

    @Test
    void knowsAnUpgrade() throws HttpError {
        assertTrue(Wire.request(head("GET /ws HTTP/1.1", "Host: a", "Connection: Upgrade", "Upgrade: websocket")).upgrade());
        assertTrue(Wire.request(head("GET /ws HTTP/1.1", "Host: a", "Connection: keep-alive, Upgrade", "Upgrade: websocket")).upgrade());
        assertFalse(Wire.request(head("GET /ws HTTP/1.1", "Host: a", "Upgrade: websocket")).upgrade());
        assertFalse(Wire.request(head("GET /ws HTTP/1.1", "Host: a", "Connection: upgrade")).upgrade());
        assertFalse(Wire.request(head("GET /ws HTTP/1.0", "Connection: upgrade", "Upgrade: websocket")).upgrade());
    }

    @Test
    void knowsExpectContinue() throws HttpError {
        assertTrue(Wire.request(head("PUT / HTTP/1.1", "Host: a", "Content-Length: 5", "Expect: 100-Continue")).expectContinue());
        assertFalse(Wire.request(head("PUT / HTTP/1.1", "Host: a", "Content-Length: 5")).expectContinue());
        assertFalse(Wire.request(head("PUT / HTTP/1.1", "Host: a", "Content-Length: 5", "Expect: something")).expectContinue());
        assertFalse(Wire.request(head("PUT / HTTP/1.0", "Content-Length: 5", "Expect: 100-continue")).expectContinue());
    }

    private static void assertStatus(int status, String message) {
        HttpError error = assertThrows(HttpError.class, () -> Wire.request(message), message);
        assertEquals(status, error.status(), () -> message + " -> " + error.reason());
    }

    private static void assertParseStatus(int status, String message) {
        ByteBuffer buf = Wire.heap(message);
        HttpError error = assertThrows(HttpError.class, () -> RequestHead.parse(buf, Wire.OFFSET, Wire.OFFSET + message.length()), message);
        assertEquals(status, error.status(), () -> message + " -> " + error.reason());
    }
}
