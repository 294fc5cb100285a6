package dev.jpm.daemon.balancer.http;

import static dev.jpm.daemon.balancer.http.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.balancer.http.ResponseHead.BodyMode;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {
    private static final String GET_11 = head("GET / HTTP/1.1", "Host: a");

    @Test
    void readsAResponseWithALength() throws HttpError {
        ResponseHead ok = Wire.response(head("HTTP/1.1 200 OK", "Content-Length: 12", "Content-Type: text/plain"), false);
        assertEquals(200, ok.status());
        assertEquals(BodyMode.LENGTH, ok.bodyMode());
        assertEquals(12, ok.contentLength());
        assertTrue(ok.reusable());
        assertFalse(ok.interim());
        assertFalse(ok.switchingProtocols());
    }

    @Test
    void readsAStatusLineWithoutReason() throws HttpError {
        assertEquals(204, Wire.response(head("HTTP/1.1 204"), false).status());
        assertEquals(200, Wire.response(head("HTTP/1.1 200 "), false).status());
        assertEquals(404, Wire.response("\r\n" + head("HTTP/1.0 404 Not\tFound \u00e9"), false).status());
    }

    @Test
    void hasNoBodyAfterHead1xx204And304() throws HttpError {
        assertEquals(BodyMode.NONE, Wire.response(head("HTTP/1.1 200 OK", "Content-Length: 12"), true).bodyMode());
        assertEquals(BodyMode.NONE, Wire.response(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked"), true).bodyMode());
        assertEquals(BodyMode.NONE, Wire.response(head("HTTP/1.1 204 No Content"), false).bodyMode());
        assertEquals(BodyMode.NONE, Wire.response(head("HTTP/1.1 304 Not Modified", "Content-Length: 12"), false).bodyMode());
        assertEquals(BodyMode.NONE, Wire.response(head("HTTP/1.1 100 Continue"), false).bodyMode());
        assertEquals(BodyMode.NONE, Wire.response(head("HTTP/1.1 103 Early Hints", "Link: </a.css>"), false).bodyMode());
    }

    @Test
    void knowsInterimAndSwitchingResponses() throws HttpError {
        assertTrue(Wire.response(head("HTTP/1.1 100 Continue"), false).interim());
        assertTrue(Wire.response(head("HTTP/1.1 103 Early Hints"), false).interim());
        ResponseHead switching = Wire.response(head("HTTP/1.1 101 Switching Protocols", "Connection: Upgrade", "Upgrade: websocket"), false);
        assertFalse(switching.interim());
        assertTrue(switching.switchingProtocols());
        assertFalse(switching.reusable());
    }

    @Test
    void readsChunked() throws HttpError {
        ResponseHead chunked = Wire.response(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked"), false);
        assertEquals(BodyMode.CHUNKED, chunked.bodyMode());
        assertEquals(-1, chunked.contentLength());
        assertTrue(chunked.reusable());
        assertEquals(BodyMode.CHUNKED, Wire.response(head("HTTP/1.1 200 OK", "Transfer-Encoding: gzip, Chunked"), false).bodyMode());
        assertEquals(BodyMode.CHUNKED, Wire.response(head("HTTP/1.1 200 OK", "Transfer-Encoding: gzip", "Transfer-Encoding: chunked"), false).bodyMode());
    }

    @Test
    void letsTransferEncodingWinOverContentLengthAndDoesNotReuseTheConnection() throws HttpError {
        ResponseHead both = Wire.response(head("HTTP/1.1 200 OK", "Content-Length: 5", "Transfer-Encoding: chunked"), false);
        assertEquals(BodyMode.CHUNKED, both.bodyMode());
        assertEquals(-1, both.contentLength());
        assertFalse(both.reusable());
    }

    @Test
    void readsUntilCloseWithoutFramingOrWithAFinalCodingOtherThanChunked() throws HttpError {
        ResponseHead unframed = Wire.response(head("HTTP/1.1 200 OK"), false);
        assertEquals(BodyMode.UNTIL_CLOSE, unframed.bodyMode());
        assertFalse(unframed.reusable());
        assertEquals(BodyMode.UNTIL_CLOSE, Wire.response(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked, gzip"), false).bodyMode());
    }

    @Test
    void knowsWhetherTheBackendKeepsTheConnection() throws HttpError {
        assertFalse(Wire.response(head("HTTP/1.1 200 OK", "Content-Length: 0", "Connection: close"), false).reusable());
        assertFalse(Wire.response(head("HTTP/1.0 200 OK", "Content-Length: 0"), false).reusable());
        assertTrue(Wire.response(head("HTTP/1.0 200 OK", "Content-Length: 0", "Connection: keep-alive"), false).reusable());
    }

    @Test
    void refusesWhatItCannotFrameAs502() {
        assertBad(head("HTTP/1.1 200 OK", "Content-Length: 5", "Content-Length: 6"));
        assertBad(head("HTTP/1.1 200 OK", "Content-Length: -1"));
        assertBad(head("HTTP/1.1 200 OK", "Content-Length : 5"));
        assertBad(head("HTTP/1.1 200 OK", "X: a", " folded"));
        assertBad(head("HTTP/1.1 200 OK", "X: a\u0000"));
        assertBad(head("HTTP/2 200 OK"));
        assertBad(head("HTTP/1.2 200 OK"));
        assertBad(head("HTTP/1.1 20 OK"));
        assertBad(head("HTTP/1.1 2000 OK"));
        assertBad(head("HTTP/1.1 099 Low"));
        assertBad(head("HTTP/1.1 600 High"));
        assertBad(head("HTTP/1.1  200 OK"));
        assertBad(head("http/1.1 200 OK"));
        assertBad(head("HTTP/1.1 200 O\u0001K"));
        assertBad(head("GARBAGE"));
    }

    @Test
    void forwardsAKeepAliveResponseToAKeepAliveClientUnchanged() throws HttpError {
        String response = head("HTTP/1.1 200 OK", "Content-Length: 2");
        assertFalse(Wire.response(response, false).needsRewrite(Wire.request(GET_11)));
        assertEquals(response, Wire.forClient(response, GET_11));
    }

    @Test
    void dropsHopByHopFields() throws HttpError {
        String response = head("HTTP/1.1 200 OK", "Connection: keep-alive, X-Private", "Keep-Alive: timeout=5",
                "Proxy-Connection: keep-alive", "X-Private: secret", "Content-Length: 2", "TE: trailers");
        assertTrue(Wire.response(response, false).needsRewrite(Wire.request(GET_11)));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "TE: trailers"), Wire.forClient(response, GET_11));
    }

    @Test
    void keepsTheFramingFieldsEvenWhenConnectionNamesThem() throws HttpError {
        String response = head("HTTP/1.1 200 OK", "Connection: Content-Length, Transfer-Encoding", "Content-Length: 2");
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2"), Wire.forClient(response, GET_11));
    }

    @Test
    void dropsContentLengthBesideTransferEncoding() throws HttpError {
        String response = head("HTTP/1.1 200 OK", "Content-Length: 5", "Transfer-Encoding: chunked");
        assertTrue(Wire.response(response, false).needsRewrite(Wire.request(GET_11)));
        assertEquals(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked"), Wire.forClient(response, GET_11));
    }

    @Test
    void saysCloseToAClientThatCloses() throws HttpError {
        String request = head("GET / HTTP/1.1", "Host: a", "Connection: close");
        String response = head("HTTP/1.1 200 OK", "Content-Length: 2");
        assertTrue(Wire.response(response, false).needsRewrite(Wire.request(request)));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close"), Wire.forClient(response, request));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close"),
                Wire.forClient(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: keep-alive"), request));
        assertEquals(head("HTTP/1.1 200 OK", "Connection: close"), Wire.forClient(head("HTTP/1.1 200 OK", "Connection: close"), request));
    }

    @Test
    void saysCloseWhenTheBodyEndsAtClose() throws HttpError {
        String response = head("HTTP/1.1 200 OK", "Content-Type: text/plain");
        ResponseHead unframed = Wire.response(response, false);
        assertFalse(unframed.keepsClient(Wire.request(GET_11)));
        assertTrue(unframed.needsRewrite(Wire.request(GET_11)));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Type: text/plain", "Connection: close"), Wire.forClient(response, GET_11));
    }

    @Test
    void saysKeepAliveToAnHttp10ClientThatKeepsItsConnection() throws HttpError {
        String request = head("GET / HTTP/1.0", "Connection: keep-alive");
        String response = head("HTTP/1.1 200 OK", "Content-Length: 2");
        assertTrue(Wire.response(response, false).needsRewrite(Wire.request(request)));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: keep-alive"), Wire.forClient(response, request));
        assertEquals(head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close"), Wire.forClient(response, head("GET / HTTP/1.0")));
    }

    @Test
    void leavesASwitchingResponseAsItIs() throws HttpError {
        String request = head("GET /ws HTTP/1.1", "Host: a", "Connection: Upgrade", "Upgrade: websocket");
        String response = head("HTTP/1.1 101 Switching Protocols", "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Accept: x");
        assertFalse(Wire.response(response, false).needsRewrite(Wire.request(request)));
        assertEquals(response, Wire.forClient(response, request));
    }

    @Test
    void addsNoConnectionToAnInterimResponse() throws HttpError {
        String request = head("PUT / HTTP/1.1", "Host: a", "Content-Length: 2", "Expect: 100-continue", "Connection: close");
        String response = head("HTTP/1.1 100 Continue");
        assertFalse(Wire.response(response, false).needsRewrite(Wire.request(request)));
        assertEquals(response, Wire.forClient(response, request));
    }

    private static void assertBad(String response) {
        HttpError error = assertThrows(HttpError.class, () -> Wire.response(response, false), response);
        assertEquals(502, error.status(), error.reason());
    }
}
