package dev.jpm.daemon.balancer;

import static dev.jpm.daemon.balancer.RawHttpClient.GET;
import static dev.jpm.daemon.balancer.RawHttpClient.ascii;
import static dev.jpm.daemon.balancer.RawHttpClient.await;
import static dev.jpm.daemon.balancer.RawHttpClient.ends;
import static dev.jpm.daemon.balancer.RawHttpClient.pause;
import static dev.jpm.daemon.balancer.RawHttpClient.read;
import static dev.jpm.daemon.balancer.RawHttpClient.send;
import static dev.jpm.daemon.balancer.RawHttpClient.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.balancer.RawBackend.Handler;
import dev.jpm.daemon.balancer.RawHttpClient.Response;
import dev.jpm.daemon.balancer.http.HttpLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The http mode attacked as a hostile client, a misbehaving backend and bad luck would: real
 * sockets, in-process. Each test either found a defect (it failed before the fix that made it
 * pass) or tried an attack that held; all stay as regression tests.
 */
@Timeout(90)
class HttpAttackTest extends HttpBalancerFixture {
    // ---- the backend answers before the request body is through

    /**
     * An app that refuses an upload (413, 401) answers as soon as it has the head, and closes.
     * The client is still sending its body; the answer must reach it and not be destroyed by a
     * reset jpm causes by closing with the client's bytes unread.
     */
    @Test
    void anEarlyAnswerToALargeUploadReachesTheClient() throws Exception {
        RawBackend refusing = raw((socket, connection, self) -> {
            HttpTestBackend.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(ascii("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbig!"));
            out.flush();
            pause(200);
        });
        PublicPort port = open(refusing.port());
        int lost = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            Socket client = connect(port);
            Thread uploader = new Thread(() -> {
                try {
                    OutputStream out = client.getOutputStream();
                    out.write(ascii("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 50000000\r\n\r\n"));
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 50_000_000 / chunk.length; i++) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // jpm closed: expected once the answer is out
                }
            });
            uploader.setDaemon(true);
            uploader.start();
            try {
                Response response = read(client, false);
                assertEquals(413, response.status());
            } catch (IOException e) {
                lost++;
            }
            client.close();
            uploader.join(10_000);
        }
        assertEquals(0, lost, "early answers lost to a reset, of 5");
    }

    /**
     * The backend answers (keep-alive) after jpm read the whole body from the client but before
     * it could write all of it to the backend, whose buffers are full. The rest of that body must
     * never be taken for the client's next request: that is request smuggling through jpm.
     * HttpConnection.finishExchange would do just that (it parses fromClient from its position
     * even when position < sendEnd), but the window depends on the kernel's buffer sizes: the
     * sizes swept here were each answered and then closed (body not complete), never caught in it.
     */
    @Test
    void theUnsentTailOfABodyIsNeverParsedAsTheNextRequest() throws Exception {
        String smuggled = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";
        RawBackend slowReader = raw(4096, (socket, connection, self) -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = HttpTestBackend.readHead(in);
            if (head == null) {
                return;
            }
            if (head.contains("/smuggled")) {
                out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled"));
                out.flush();
                return;
            }
            pause(700); // the body is not read: the balancer's writes to this connection stop
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
            out.flush();
            in.readAllBytes();
        });
        PublicPort port = open(slowReader.port());
        List<String> seen = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (int attempt = 4000 << 10; attempt <= 4500 << 10; attempt += 64 << 10) {
            int size = attempt;
            StringBuilder body = new StringBuilder(size);
            while (body.length() < size - smuggled.length()) {
                body.append("a");
            }
            body.setLength(size - smuggled.length());
            body.append(smuggled);
            Socket client = connect(port);
            client.setSoTimeout(3_000);
            Thread uploader = new Thread(() -> {
                try {
                    write(client, "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n" + body);
                } catch (IOException e) {
                    // jpm closed
                }
            });
            uploader.setDaemon(true);
            uploader.start();
            try {
                read(client, false);
            } catch (IOException e) {
                lost.add(size + " bytes: " + e.getMessage());
                client.close();
                uploader.join(5_000);
                continue;
            }
            try {
                Response second = read(client, false);
                seen.add(size + " bytes: a second response " + second.status() + " '" + second.body().strip() + "'");
            } catch (IOException e) {
                // closed or nothing more: as it should be
            }
            client.close();
            uploader.join(5_000);
        }
        assertTrue(lost.isEmpty(), "the backend's answer never reached the client: " + lost);
        assertTrue(seen.isEmpty(), "responses to requests the client never sent: " + seen);
        assertTrue(slowReader.heads.stream().noneMatch(h -> h.contains("/smuggled")), "a body reached the backend as a request");
    }

    // ---- the backend misbehaving

    /** RFC 9110 15.2.2: a 101 answers only a request that asked for an upgrade; to any other it is a broken backend. */
    @Test
    void a101ToARequestThatAskedForNoUpgradeIsABadGatewayNotATunnel() throws Exception {
        RawBackend switching = raw((socket, connection, self) -> {
            HttpTestBackend.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
            out.flush();
            socket.getInputStream().transferTo(out); // echoes whatever comes next, unparsed
        });
        PublicPort port = open(switching.port());
        Socket client = connect(port);
        Response response = send(client, GET);
        assertEquals(502, response.status());
    }

    /**
     * The second response of a keep-alive client connection whose head arrives in two reads.
     * Nothing exotic: a head split over two TCP segments, on a client's second request.
     */
    @Test
    void theSecondResponseOfAConnectionWithItsHeadInTwoPiecesArrivesIntact() throws Exception {
        RawBackend splitting = raw((socket, connection, self) -> {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            String head;
            while ((head = self.head(socket)) != null) {
                if (head.startsWith("GET /first")) {
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 60\r\n\r\n" + "first response body, sixty bytes long, padded to sixty.....\r\n"));
                    out.flush();
                } else {
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-"));
                    out.flush();
                    pause(200);
                    out.write(ascii("Length: 6\r\n\r\nsecond"));
                    out.flush();
                }
            }
        });
        PublicPort port = open(splitting.port());
        Socket client = connect(port);
        client.setSoTimeout(3_000);
        assertEquals(60, send(client, "GET /first HTTP/1.1\r\nHost: t\r\n\r\n").body().length());
        write(client, "GET /second HTTP/1.1\r\nHost: t\r\n\r\n");
        byte[] expected = ascii("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
        byte[] got = new byte[expected.length];
        int n = 0;
        try {
            while (n < got.length) {
                int r = client.getInputStream().read(got, n, got.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (SocketTimeoutException e) {
            // what arrived is compared below
        }
        assertEquals(new String(expected, StandardCharsets.ISO_8859_1), new String(got, 0, n, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aResponseHeadArrivingByteByByteAndChunkedWithTrailersIsForwardedWhole() throws Exception {
        RawBackend trickling = raw((socket, connection, self) -> {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (HttpTestBackend.readHead(in) != null) {
                byte[] bytes = ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                        + "5;ext=1\r\nhello\r\n0\r\nX-Sum: 5\r\nContent-Length: 99\r\n\r\n");
                for (byte b : bytes) {
                    out.write(b);
                    out.flush();
                    pause(1);
                }
            }
        });
        PublicPort port = open(trickling.port());
        Socket client = connect(port);
        for (int i = 0; i < 3; i++) {
            assertEquals("hello", send(client, GET).body());
        }
        assertEquals(1, trickling.accepted.get(), "the connection is reused after a chunked response with trailers");
    }

    /** Bytes after a response (a 204 with a body, a body longer than its Content-Length) never reach the next request's client. */
    @Test
    void bytesAfterAResponseAreDroppedAndTheNextRequestGetsItsOwnAnswer() throws Exception {
        RawBackend sloppy = raw((socket, connection, self) -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head;
            while ((head = HttpTestBackend.readHead(in)) != null) {
                String path = head.split(" ")[1];
                String answer = switch (path) {
                    case "/204" -> "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nEVIL";
                    case "/long" -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nEVIL";
                    case "/head" -> "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nEVIL";
                    default -> "HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n" + path;
                };
                out.write(ascii(answer));
                out.flush();
            }
        });
        PublicPort port = open(sloppy.port());
        Socket client = connect(port);
        assertEquals(204, send(client, "GET /204 HTTP/1.1\r\nHost: t\r\n\r\n").status());
        assertEquals("/a", send(client, "GET /a HTTP/1.1\r\nHost: t\r\n\r\n").body());
        assertEquals("ok", send(client, "GET /long HTTP/1.1\r\nHost: t\r\n\r\n").body());
        assertEquals("/b", send(client, "GET /b HTTP/1.1\r\nHost: t\r\n\r\n").body());
        assertEquals("4", send(client, "HEAD /head HTTP/1.1\r\nHost: t\r\n\r\n").headers().get("content-length"));
        assertEquals("/c", send(client, "GET /c HTTP/1.1\r\nHost: t\r\n\r\n").body());
    }

    /** The first request of a fresh connection: a 100 Continue, then the final head in two pieces. */
    @Test
    void aFinalHeadInTwoPiecesAfterA100ContinueArrivesIntact() throws Exception {
        RawBackend continuing = raw((socket, connection, self) -> {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            self.head(socket);
            out.write(ascii("HTTP/1.1 100 Continue\r\n\r\n"));
            out.flush();
            in.readNBytes(2);
            out.write(ascii("HTTP/1.1 200"));
            out.flush();
            pause(200);
            out.write(ascii(" OK\r\nContent-Length: 2\r\n\r\nok"));
            out.flush();
            pause(1_000);
        });
        PublicPort port = open(continuing.port());
        Socket client = connect(port);
        client.setSoTimeout(3_000);
        write(client, "POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        assertEquals(100, read(client, false).status());
        write(client, "hi");
        Response response = read(client, false);
        assertEquals(200, response.status());
        assertEquals("ok", response.body());
    }

    @Test
    void anInterimContinueThenTheFinalResponseAndAnInterimThenGarbage() throws Exception {
        RawBackend continuing = raw((socket, connection, self) -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head;
            while ((head = HttpTestBackend.readHead(in)) != null) {
                out.write(ascii("HTTP/1.1 100 Continue\r\n\r\n"));
                out.flush();
                in.readNBytes(2);
                out.write(ascii(head.contains("/garbage") ? "NOT HTTP AT ALL\r\n\r\n" : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                out.flush();
            }
        });
        PublicPort port = open(continuing.port());
        Socket client = connect(port);
        write(client, "POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        assertEquals(100, read(client, false).status());
        write(client, "hi");
        assertEquals("ok", read(client, false).body());
        Socket other = connect(port);
        write(other, "POST /garbage HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        assertEquals(100, read(other, false).status());
        write(other, "hi");
        assertTrue(ends(other), "after an interim response the client cannot be told 502: the connection ends");
    }

    // ---- retries

    @Test
    void aGetIsTriedOncePerInstanceAndAPostOnlyOnce() throws Exception {
        RawBackend[] dying = new RawBackend[3];
        for (int i = 0; i < dying.length; i++) {
            RawBackend b = raw((socket, connection, self) -> self.head(socket)); // closes without an answer
            dying[i] = b;
        }
        PublicPort port = open(dying[0].port(), dying[1].port(), dying[2].port());
        assertEquals(502, send(connect(port), GET).status());
        for (RawBackend b : dying) {
            assertEquals(1, b.heads.size(), "each instance is tried exactly once");
        }
        assertEquals(502, send(connect(port), "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi").status());
        assertEquals(4, dying[0].heads.size() + dying[1].heads.size() + dying[2].heads.size(), "a POST that reached an instance is not sent again");
        await("in-flight counts back to 0", () -> port.activeConnections(1) + port.activeConnections(2) + port.activeConnections(3) == 0);
    }

    // ---- resources

    /**
     * After every kind of failure, once the clients are gone, each buffer is back in its pool and
     * each instance's in-flight count is 0, so that a removed instance drains (a reload waits on it).
     */
    @Test
    void buffersAndInFlightCountsComeBackAfterEveryKindOfFailure() throws Exception {
        Handler misbehaving = (socket, connection, self) -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head;
            while ((head = self.head(socket)) != null) {
                String path = head.split(" ")[1];
                switch (path) {
                    case "/die" -> {
                        return;
                    }
                    case "/cut" -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten.."));
                        out.flush();
                        return;
                    }
                    case "/big" -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n"));
                        byte[] chunk = new byte[64 * 1024];
                        for (int i = 0; i < 100_000_000 / chunk.length; i++) {
                            out.write(chunk);
                        }
                        return;
                    }
                    case "/slow" -> {
                        pause(1_500);
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                    }
                    case "/ws" -> {
                        out.write(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
                        out.flush();
                        in.transferTo(out);
                        return;
                    }
                    case "/post" -> {
                        in.readNBytes(5);
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                    }
                    default -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                }
                out.flush();
            }
        };
        RawBackend a = raw(misbehaving);
        RawBackend b = raw(misbehaving);
        PublicPort port = open(a.port(), b.port());
        for (String path : new String[] {"/", "/die", "/cut", "/", "/die"}) {
            Socket client = connect(port);
            try {
                send(client, "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n");
            } catch (IOException e) {
                // a cut response ends in a reset
            }
            client.close();
        }
        Socket reader = connect(port); // resets while the response streams
        write(reader, "GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
        reader.getInputStream().readNBytes(100_000);
        reader.setSoLinger(true, 0);
        reader.close();
        Socket impatient = connect(port); // resets before the answer
        write(impatient, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
        pause(100);
        impatient.setSoLinger(true, 0);
        impatient.close();
        Socket uploader = connect(port); // gives up mid-body
        write(uploader, "POST /post HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nab");
        pause(100);
        uploader.close();
        Socket tunnel = connect(port);
        assertEquals(101, send(tunnel, "GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n").status());
        write(tunnel, "ping");
        assertEquals("ping", new String(tunnel.getInputStream().readNBytes(4), StandardCharsets.ISO_8859_1));
        tunnel.close();
        Socket halfHead = connect(port); // leaves half a head
        write(halfHead, "GET / HTTP/1.1\r\nHo");
        pause(100);
        halfHead.close();

        await("in-flight counts back to 0, now " + port.activeConnections(1) + " and " + port.activeConnections(2),
                () -> port.activeConnections(1) == 0 && port.activeConnections(2) == 0);
        await("buffers back in their pools", () -> lent() == 0);
        port.removeBackend(1);
        port.removeBackend(2);
        port.drained(1).get(10, TimeUnit.SECONDS);
        port.drained(2).get(10, TimeUnit.SECONDS);
        await("pooled connections to removed instances closed", () -> a.open.get() == 0 && b.open.get() == 0);
    }

    /** A client that asks for a large response and never reads holds a few buffers, not the response. */
    @Test
    void aClientThatNeverReadsHoldsAFewBuffersNotTheResponse() throws Exception {
        RawBackend big = raw((socket, connection, self) -> {
            self.head(socket);
            OutputStream out = socket.getOutputStream();
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 200000000\r\n\r\n"));
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 200_000_000 / chunk.length; i++) {
                out.write(chunk);
            }
        });
        PublicPort port = open(big.port());
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket client = connect(port);
            write(client, GET);
            stalled.add(client);
        }
        pause(1_000);
        assertTrue(lent() <= 20 * 3, "buffers lent for 20 stalled clients: " + lent());
        for (Socket client : stalled) {
            client.close();
        }
        await("buffers back in their pools", () -> lent() == 0);
    }

    /** At max_connections, a client idle between two requests is one a new client may take the place of. */
    @Test
    void keepAliveClientsIdleBetweenRequestsAreReclaimedAtTheLimit() throws Exception {
        restart(1, Balancer.IDLE_TIMEOUT_NANOS, HttpTimeouts.DEFAULT);
        HttpTestBackend a = backend(1, HttpTestBackend.ok());
        PublicPort port = openLimited(2, a.port());
        Socket first = connect(port);
        Socket second = connect(port);
        assertEquals(200, send(first, GET).status());
        assertEquals(200, send(second, GET).status());
        Socket third = connect(port);
        assertEquals(200, send(third, GET).status());
        assertTrue(ends(first), "the connection idle the longest made room");
        assertEquals(200, send(second, GET).status());
    }

    // ---- the client misbehaving

    @Test
    void aThousandPipelinedRequestsInOneWriteAreAnsweredInOrder() throws Exception {
        HttpTestBackend a = backend(1, (request, socket, id) -> HttpTestBackend.response(200, request.head().split(" ")[1]));
        PublicPort port = open(a.port());
        Socket client = connect(port);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            all.append("GET /").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
        }
        write(client, all.toString());
        for (int i = 0; i < 1_000; i++) {
            assertEquals("/" + i, read(client, false).body());
        }
        assertTrue(a.accepted() <= 2, "one backend connection carries them: " + a.accepted());
    }

    @Test
    void aHeadOfExactlyTheLimitIsTakenAndOneByteMoreIs431() throws Exception {
        HttpTestBackend a = backend(1, HttpTestBackend.ok());
        PublicPort port = open(a.port());
        String start = "GET / HTTP/1.1\r\nHost: t\r\nX-Pad: ";
        String end = "\r\n\r\n";
        String exact = start + "p".repeat(HttpLimits.MAX_HEAD_BYTES - start.length() - end.length()) + end;
        assertEquals(HttpLimits.MAX_HEAD_BYTES, exact.length());
        assertEquals(200, send(connect(port), exact).status());
        String over = start + "p".repeat(HttpLimits.MAX_HEAD_BYTES + 1 - start.length() - end.length()) + end;
        assertEquals(431, send(connect(port), over).status());
        String blanks = "\r\n".repeat(100) + GET;
        assertEquals(200, send(connect(port), blanks).status(), "leading blank lines are skipped");
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestStillGetsTheResponse() throws Exception {
        HttpTestBackend a = backend(1, (request, socket, id) -> {
            pause(200);
            return HttpTestBackend.response(200, "late");
        });
        PublicPort port = open(a.port());
        Socket client = connect(port);
        write(client, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
        client.shutdownOutput();
        Response response = read(client, false);
        assertEquals("late", response.body());
        assertTrue(ends(client));
    }

    /** Smuggling shapes beyond the ones HttpBalancerTest covers: none reaches the backend as a second request. */
    @Test
    void obfuscatedFramingIsRefusedAndNothingIsSmuggled() throws Exception {
        HttpTestBackend a = backend(1, HttpTestBackend.ok());
        PublicPort port = open(a.port());
        String[] bad = {
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding:\tchunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: +3\r\n\r\nabcGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n",
            "GET /\0 HTTP/1.1\r\nHost: t\r\n\r\n",
        };
        for (String request : bad) {
            Socket client = connect(port);
            client.setSoTimeout(5_000);
            int status;
            try {
                status = send(client, request).status();
            } catch (IOException e) {
                status = -1;
            }
            assertTrue(status >= 400 && status < 600 || status == -1, "refused: " + request.replace("\r\n", "|") + " got " + status);
        }
        assertTrue(a.requests.stream().noneMatch(r -> r.head().contains("smuggled")), "smuggled: " + a.requests);
        // a chunked body whose trailers carry a Content-Length, then a pipelined GET: two requests, two answers
        Socket client = connect(port);
        write(client, "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nContent-Length: 50\r\n\r\n" + GET);
        assertEquals(200, read(client, false).status());
        assertEquals(200, read(client, false).status());
        assertEquals(2, a.requests.size());
    }
}
