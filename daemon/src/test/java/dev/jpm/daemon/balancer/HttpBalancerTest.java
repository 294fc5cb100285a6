package dev.jpm.daemon.balancer;

import static dev.jpm.daemon.balancer.RawHttpClient.GET;
import static dev.jpm.daemon.balancer.RawHttpClient.await;
import static dev.jpm.daemon.balancer.RawHttpClient.ends;
import static dev.jpm.daemon.balancer.RawHttpClient.pause;
import static dev.jpm.daemon.balancer.RawHttpClient.read;
import static dev.jpm.daemon.balancer.RawHttpClient.refuses;
import static dev.jpm.daemon.balancer.RawHttpClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.balancer.RawHttpClient.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The balancer's http mode against real sockets: a blocking HTTP backend, raw clients. */
@Timeout(60)
class HttpBalancerTest extends HttpBalancerFixture {
    @Test
    void requestsOfOneKeepAliveConnectionAreBalancedOverPooledBackendConnections() throws Exception {
        HttpTestBackend a = backend(1, HttpTestBackend.ok());
        HttpTestBackend b = backend(2, HttpTestBackend.ok());
        PublicPort port = open(a, b);
        Socket client = connect(port);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            Response response = send(client, GET);
            assertEquals(200, response.status());
            seen.merge(response.body(), 1, Integer::sum);
        }
        assertEquals(Map.of("backend 1\n", 50, "backend 2\n", 50), seen);
        assertTrue(a.accepted() <= 2 && b.accepted() <= 2, "backend connections are reused: " + a.accepted() + ", " + b.accepted());
        assertEquals(100, port.requests.requests());
    }

    @Test
    void clientsThatCloseEachConnectionStillReuseTheBackendConnections() throws Exception {
        HttpTestBackend a = backend(1, HttpTestBackend.ok());
        PublicPort port = open(a);
        for (int i = 0; i < 20; i++) {
            try (Socket client = connect(port)) {
                Response response = send(client, "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                assertEquals(200, response.status());
                assertEquals("close", response.headers().get("connection"));
                assertTrue(ends(client), "jpm closes after the response the client asked to be the last");
            }
        }
        assertTrue(a.accepted() <= 2, "one pooled connection serves them all: " + a.accepted());
        assertNull(a.requests.get(0).header("Connection"), "the client's close is not passed to the backend");
    }

    @Test
    void theClientAddressIsForwardedUnlessTurnedOff() throws Exception {
        HttpTestBackend a = backend(1, HttpTestBackend.ok());
        PublicPort port = open(a);
        send(connect(port), "GET / HTTP/1.1\r\nHost: example.org\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n");
        HttpTestBackend.Request seen = a.requests.get(0);
        assertEquals("10.0.0.1, 127.0.0.1", seen.header("X-Forwarded-For"));
        assertEquals("http", seen.header("X-Forwarded-Proto"), "a client cannot claim https through jpm");
        assertEquals("example.org", seen.header("X-Forwarded-Host"));
        assertEquals(String.valueOf(port.port()), seen.header("X-Forwarded-Port"));

        HttpTestBackend b = backend(2, HttpTestBackend.ok());
        PublicPort plain = open(false, b);
        send(connect(plain), GET);
        assertNull(b.requests.get(0).header("X-Forwarded-For"));
    }

    @Test
    void aRemovedBackendFinishesItsRequestGetsNoNewOneAndItsIdleConnectionsAreClosed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpTestBackend slow = backend(1, (request, socket, id) -> {
            if (request.head().startsWith("GET /slow")) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return HttpTestBackend.response(200, "backend " + id + "\n");
        });
        HttpTestBackend other = backend(2, HttpTestBackend.ok());
        PublicPort port = open(slow, other);
        Socket warm = connect(port);
        send(warm, GET); // leaves an idle pooled connection to backend 1
        send(warm, GET);
        Socket busy = connect(port);
        busy.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        await("the slow request reached backend 1", () -> slow.requests.stream().anyMatch(r -> r.head().startsWith("GET /slow")));

        port.removeBackend(1);
        CompletableFuture<Void> drained = port.drained(1);
        for (int i = 0; i < 10; i++) {
            assertEquals("backend 2\n", send(warm, GET).body());
        }
        assertTrue(!drained.isDone(), "the request in flight keeps the backend from being drained");
        release.countDown();
        assertEquals(200, read(busy, false).status());
        drained.get(10, TimeUnit.SECONDS);
        await("the idle connection to backend 1 closed", () -> slow.closedByPeer() >= 1); // jpm closed its idle connection, not the backend
    }

    @Test
    void aGetWhoseInstanceDiesBeforeAnsweringIsAnsweredByAnother() throws Exception {
        HttpTestBackend dying = backend(1, (request, socket, id) -> null); // closes without an answer
        HttpTestBackend healthy = backend(2, HttpTestBackend.ok());
        PublicPort port = open(dying, healthy);
        Socket client = connect(port);
        for (int i = 0; i < 10; i++) {
            Response response = send(client, GET);
            assertEquals(200, response.status());
            assertEquals("backend 2\n", response.body());
        }
        assertTrue(port.requests.retries() >= 5, "each request that met backend 1 was sent again: " + port.requests.retries());
    }

    @Test
    void aPostWhoseInstanceDiesAfterReceivingItIsNotSentAgain() throws Exception {
        HttpTestBackend dying = backend(1, (request, socket, id) -> null);
        HttpTestBackend healthy = backend(2, HttpTestBackend.ok());
        PublicPort port = open(dying, healthy);
        int answered502 = 0;
        for (int i = 0; i < 4; i++) {
            try (Socket client = connect(port)) {
                Response response = send(client, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi");
                if (response.status() == 502) {
                    answered502++;
                }
            }
        }
        assertEquals(2, answered502, "the POSTs that reached backend 1 were not repeated elsewhere");
        assertEquals(2, healthy.requests.size());
    }

    @Test
    void aRefusedConnectMovesTheRequestOnAndNoInstanceIs503WithRetryAfter() throws Exception {
        HttpTestBackend gone = backend(1, HttpTestBackend.ok());
        HttpTestBackend healthy = backend(2, HttpTestBackend.ok());
        PublicPort port = open(gone, healthy);
        gone.close();
        await("backend 1 refuses connections", () -> refuses(gone.port())); // the JDK closes a listener for good only once its accept thread has left
        Socket client = connect(port);
        for (int i = 0; i < 4; i++) {
            assertEquals("backend 2\n", send(client, GET).body());
        }
        port.removeBackend(2);
        port.removeBackend(1);
        Response none = send(connect(port), GET);
        assertEquals(503, none.status());
        assertEquals("1", none.headers().get("retry-after"));
    }

    @Test
    void smugglingAttemptsAreAnswered400AndNeverReachTheBackend() throws Exception {
        HttpTestBackend a = backend(1, HttpTestBackend.ok());
        PublicPort port = open(a);
        String[] bad = {
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
            "GET / HTTP/1.1\r\nHost: t\r\nX-A: one\r\n two\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: t\rX-B: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : t\r\n\r\n",
        };
        for (String request : bad) {
            Socket client = connect(port);
            Response response = send(client, request);
            assertEquals(400, response.status(), request);
            assertEquals("close", response.headers().get("connection"));
        }
        Socket chunks = connect(port);
        Response invalidChunk = send(chunks, "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        assertEquals(400, invalidChunk.status());
        assertTrue(a.requests.stream().noneMatch(r -> r.head().contains("smuggled")));
        assertTrue(a.requests.stream().noneMatch(r -> r.method().equals("GET")), "no malformed head was forwarded");
    }

    @Test
    void oversizedHeadsAre431AndASlowHeadIs408() throws Exception {
        restart(1, Balancer.IDLE_TIMEOUT_NANOS,
                new HttpTimeouts(1_000_000_000L, 60_000_000_000L, 500_000_000L, 10_000_000_000L));
        HttpTestBackend a = backend(1, HttpTestBackend.ok());
        PublicPort port = open(a);
        String big = "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
        assertEquals(431, send(connect(port), big).status());
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\n");
        for (int i = 0; i < 150; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        assertEquals(431, send(connect(port), many.append("\r\n").toString()).status());

        Socket slow = connect(port);
        OutputStream out = slow.getOutputStream();
        out.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Response timedOut = read(slow, false);
        assertEquals(408, timedOut.status());
        assertEquals(0, a.requests.size());
    }

    @Test
    void chunkedBodiesBothWaysHeadAnd204AndPipelinedRequests() throws Exception {
        HttpTestBackend a = backend(1, (request, socket, id) -> {
            String path = request.head().split(" ")[1];
            return switch (path) {
                case "/chunked" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
                case "/empty" -> "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                case "/echo" -> HttpTestBackend.response(200, new String(request.body(), StandardCharsets.ISO_8859_1));
                default -> request.method().equals("HEAD")
                        ? "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)
                        : HttpTestBackend.response(200, "x");
            };
        });
        PublicPort port = open(a);
        Socket client = connect(port);
        assertEquals("hello world", send(client, "GET /chunked HTTP/1.1\r\nHost: t\r\n\r\n").body());
        assertEquals(204, send(client, "GET /empty HTTP/1.1\r\nHost: t\r\n\r\n").status());
        assertEquals("1000", send(client, "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n").headers().get("content-length"));
        assertEquals("chunked body", send(client,
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n7\r\nchunked\r\n5\r\n body\r\n0\r\n\r\n").body());
        client.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\none"
                + "GET /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\ntwo").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("one", read(client, false).body());
        assertEquals("two", read(client, false).body());
        Response old = send(client, "GET / HTTP/1.0\r\n\r\n");
        assertEquals("x", old.body());
        assertTrue(ends(client), "an HTTP/1.0 client without keep-alive is closed after its response");
    }

    @Test
    void responsesAndRequestsArrivingInPiecesAreReassembledOnEveryRequestOfAConnection() throws Exception {
        HttpTestBackend a = backend(1, (request, socket, id) -> {
            OutputStream out = socket.getOutputStream();
            String body = new String(request.body(), StandardCharsets.ISO_8859_1);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (body.length() + 5) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pause(30);
            out.write(("echo:" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new byte[0];
        });
        PublicPort port = open(a);
        Socket client = connect(port);
        OutputStream out = client.getOutputStream();
        for (int i = 0; i < 5; i++) {
            out.write("POST / HTTP/1.1\r\nHost: t\r\nContent-Le".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pause(30);
            out.write(("ngth: 6\r\n\r\nbody-" + i).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertEquals("echo:body-" + i, read(client, false).body());
        }
    }

    @Test
    void aRequestSentWhileTheLastIsAnsweredAndThenAHalfCloseAreBothServed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpTestBackend a = backend(1, (request, socket, id) -> {
            if (request.head().startsWith("GET /first")) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return HttpTestBackend.response(200, request.head().split(" ")[1]);
        });
        PublicPort port = open(a);
        Socket client = connect(port);
        OutputStream out = client.getOutputStream();
        out.write("GET /first HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        await("the first request reached the backend", () -> a.requests.size() == 1);
        out.write("GET /second HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        client.shutdownOutput();
        Thread.sleep(200); // jpm reads the second request and the end while the first is answered
        release.countDown();
        assertEquals("/first", read(client, false).body());
        assertEquals("/second", read(client, false).body());
        assertTrue(ends(client));
    }

    @Test
    void anUpgradedConnectionIsATunnel() throws Exception {
        HttpTestBackend a = backend(1, (request, socket, id) -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n); // echo
                out.flush();
            }
            return null;
        });
        PublicPort port = open(a);
        Socket client = connect(port);
        Response switched = send(client, "GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        assertEquals(101, switched.status());
        assertEquals("websocket", a.requests.get(0).header("Upgrade"));
        client.getOutputStream().write("ping".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("ping", new String(client.getInputStream().readNBytes(4), StandardCharsets.ISO_8859_1));
    }
}
