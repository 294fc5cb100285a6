package dev.jpm.daemon.balancer.http;

import static dev.jpm.daemon.balancer.http.Wire.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** {@link RequestHead#writeForBackend}: what a backend is sent. */
class RequestForBackendTest {
    private static final Forwarding IPV4 = new Forwarding(new InetSocketAddress("203.0.113.7", 51000), 8080);

    @Test
    void copiesAPlainRequestUnchanged() throws HttpError {
        String request = head("GET /a?b=c HTTP/1.1", "Host: example.com", "Accept: */*", "X-Empty:");
        assertEquals(request, Wire.forBackend(request, null));
    }

    @Test
    void trimsWhitespaceAfterValuesAndDropsLeadingBlankLines() throws HttpError {
        assertEquals(head("GET / HTTP/1.1", "Host: a", "Accept:\t*/*"),
                Wire.forBackend("\r\n" + head("GET / HTTP/1.1", "Host: a ", "Accept:\t*/* \t"), null));
    }

    @Test
    void dropsHopByHopFieldsAndThoseConnectionNames() throws HttpError {
        String request = head("GET / HTTP/1.1", "Host: a", "Connection: keep-alive, X-Hop", "Keep-Alive: 300",
                "Proxy-Connection: keep-alive", "TE: trailers", "X-Hop: 1", "x-hop: 2", "Upgrade: h2c", "X-End: 3");
        assertEquals(head("GET / HTTP/1.1", "Host: a", "X-End: 3"), Wire.forBackend(request, null));
    }

    @Test
    void dropsConnectionCloseSoThatThePooledConnectionStays() throws HttpError {
        assertEquals(head("GET / HTTP/1.1", "Host: a"), Wire.forBackend(head("GET / HTTP/1.1", "Host: a", "Connection: close"), null));
    }

    @Test
    void keepsTheFramingFieldsEvenWhenConnectionNamesThem() throws HttpError {
        // removing Content-Length here would send the body as the start of a next request
        String request = head("POST / HTTP/1.1", "Host: a", "Connection: Content-Length, Host", "Content-Length: 3");
        assertEquals(head("POST / HTTP/1.1", "Host: a", "Content-Length: 3"), Wire.forBackend(request, null));
        String chunked = head("POST / HTTP/1.1", "Host: a", "Connection: transfer-encoding", "Transfer-Encoding: chunked");
        assertEquals(head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked"), Wire.forBackend(chunked, null));
        String expect = head("PUT / HTTP/1.1", "Host: a", "Connection: Expect", "Expect: 100-continue", "Content-Length: 1");
        assertEquals(head("PUT / HTTP/1.1", "Host: a", "Expect: 100-continue", "Content-Length: 1"), Wire.forBackend(expect, null));
    }

    @Test
    void normalisesContentLengthToOneLine() throws HttpError {
        assertEquals(head("POST / HTTP/1.1", "Host: a", "Content-Length: 5", "X: y"),
                Wire.forBackend(head("POST / HTTP/1.1", "Host: a", "Content-Length:5, 5", "X: y", "content-length: 05"), null));
    }

    @Test
    void keepsAnUpgradeAndSaysSo() throws HttpError {
        String request = head("GET /ws HTTP/1.1", "Host: a", "Connection: keep-alive, Upgrade", "Upgrade: websocket",
                "Sec-WebSocket-Key: k");
        assertEquals(head("GET /ws HTTP/1.1", "Host: a", "Upgrade: websocket", "Sec-WebSocket-Key: k", "Connection: upgrade"),
                Wire.forBackend(request, null));
    }

    @Test
    void asksTheBackendToKeepAnHttp10ClientsConnection() throws HttpError {
        assertEquals(head("GET / HTTP/1.0", "Connection: keep-alive"), Wire.forBackend(head("GET / HTTP/1.0"), null));
        assertEquals(head("GET / HTTP/1.0", "Connection: keep-alive"), Wire.forBackend(head("GET / HTTP/1.0", "Connection: close"), null));
    }

    @Test
    void addsTheClientToTheForwardingFields() throws HttpError {
        String request = head("GET / HTTP/1.1", "Host: example.com:8080");
        assertEquals(head("GET / HTTP/1.1", "Host: example.com:8080",
                "X-Forwarded-For: 203.0.113.7",
                "X-Forwarded-Proto: http",
                "X-Forwarded-Host: example.com:8080",
                "X-Forwarded-Port: 8080",
                "Forwarded: for=203.0.113.7;proto=http;host=\"example.com:8080\""), Wire.forBackend(request, IPV4));
    }

    @Test
    void mergesReceivedForwardingFieldsAndReplacesTheRest() throws HttpError {
        String request = head("GET / HTTP/1.1", "X-Forwarded-For: 10.0.0.1, 10.0.0.2", "Host: a", "X-Forwarded-Proto: https",
                "x-forwarded-for: 10.0.0.3", "X-Forwarded-Host: evil", "X-Forwarded-Port: 1", "Forwarded: for=10.0.0.1",
                "X-Forwarded-For:", "Forwarded: for=10.0.0.3;proto=https");
        assertEquals(head("GET / HTTP/1.1", "Host: a",
                "X-Forwarded-For: 10.0.0.1, 10.0.0.2, 10.0.0.3, 203.0.113.7",
                "X-Forwarded-Proto: http",
                "X-Forwarded-Host: a",
                "X-Forwarded-Port: 8080",
                "Forwarded: for=10.0.0.1, for=10.0.0.3;proto=https, for=203.0.113.7;proto=http;host=\"a\""), Wire.forBackend(request, IPV4));
    }

    @Test
    void passesReceivedForwardingFieldsWhenForwardingIsOff() throws HttpError {
        String request = head("GET / HTTP/1.1", "Host: a", "X-Forwarded-For: 10.0.0.1", "Forwarded: for=10.0.0.1");
        assertEquals(request, Wire.forBackend(request, null));
    }

    @Test
    void bracketsAndQuotesAnIpv6Client() throws HttpError, UnknownHostException {
        Forwarding ipv6 = new Forwarding(new InetSocketAddress(InetAddress.getByName("::1"), 40000), 80);
        String backend = Wire.forBackend(head("GET / HTTP/1.0"), ipv6);
        assertEquals(head("GET / HTTP/1.0", "Connection: keep-alive",
                "X-Forwarded-For: 0:0:0:0:0:0:0:1",
                "X-Forwarded-Proto: http",
                "X-Forwarded-Port: 80",
                "Forwarded: for=\"[0:0:0:0:0:0:0:1]\";proto=http"), backend);
    }

    @Test
    void dropsAnIpv6ZoneId() throws HttpError, UnknownHostException {
        Forwarding linkLocal = new Forwarding(new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 40000), 80);
        assertTrue(Wire.forBackend(head("GET / HTTP/1.1", "Host: a"), linkLocal).contains("X-Forwarded-For: fe80:0:0:0:0:0:0:1\r\n"));
    }

    @Test
    void fitsTheLargestHeadWithEveryAddition() throws HttpError, UnknownHostException {
        Forwarding longest = new Forwarding(new InetSocketAddress(InetAddress.getByName("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 1), 65535);
        // fields as short as they can be, so that what is added weighs the most
        StringBuilder request = new StringBuilder("GET / HTTP/1.0\r\nHost:" + "h".repeat(HttpLimits.MAX_HOST_BYTES)
                + "\r\nContent-Length:1\r\nForwarded:f\r\nX-Forwarded-For:");
        while (request.length() < HttpLimits.MAX_HEAD_BYTES - 4) {
            request.append('x');
        }
        request.append("\r\n\r\n");
        String message = request.toString();
        ByteBuffer src = Wire.direct(message);
        RequestHead head = Wire.request(src, message.length());
        ByteBuffer dst = ByteBuffer.allocateDirect(HttpLimits.MAX_HEAD_BYTES + HttpLimits.REWRITE_ROOM_BYTES);
        assertEquals(HttpLimits.MAX_HEAD_BYTES, message.length());
        int written = head.writeForBackend(src, dst, longest);
        assertTrue(written > message.length() + 700, () -> written + " bytes: not the worst case");
    }

    @Test
    void writesWhatParsesAgainTheSame() throws HttpError {
        String request = head("POST /p HTTP/1.1", "Host: a", "Connection: keep-alive, Upgrade", "Upgrade: websocket",
                "Transfer-Encoding: chunked", "Expect: 100-continue");
        String backend = Wire.forBackend(request, IPV4);
        RequestHead again = Wire.request(backend);
        RequestHead original = Wire.request(request);
        assertEquals(original.chunked(), again.chunked());
        assertEquals(original.upgrade(), again.upgrade());
        assertEquals(original.expectContinue(), again.expectContinue());
        assertEquals(original.idempotent(), again.idempotent());
    }
}
