package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.ExitAtOnce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What http mode answers by itself, on a raw socket: the limits (431), the head deadline against
 * slowloris (408), malformed framing (400, then the connection closed, and nothing of it reaching
 * an instance) and no instance online (503 with Retry-After). tcp mode answers none of these: it
 * passes the bytes to the instance, or resets the connection.
 */
class HttpDefencesIT {
    /** daemon/.../balancer/HttpTimeouts: a head must be complete 10 s after its first byte, checked every second. */
    private static final long HEAD_DEADLINE_MS = 10_000;

    private static JpmHarness jpm;
    private static int port;

    @BeforeAll
    static void startTheBackend() throws Exception {
        jpm = new JpmHarness();
        port = EchoApp.start(jpm);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (jpm != null) {
            jpm.close();
        }
    }

    @Test
    void aHeaderOf64KbIs431AndClosed() throws Exception {
        String big = "a".repeat(64 * 1024);
        assertAnsweredAndClosed(431, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + big + "\r\n\r\n");
    }

    @Test
    void a101stHeaderFieldIs431AndAHundredPass() throws Exception {
        assertEquals(200, requestWithFields(100).status(), "100 fields are allowed");
        try (RawHttp client = new RawHttp(port)) {
            client.send(head(101));
            assertEquals(431, client.read("GET").status());
            assertTrue(client.closedByPeer(), "closed after the 431");
        }
    }

    @Test
    void aHeadTrickledByteByByteIs408AtTheHeadDeadline() throws Exception {
        byte[] trickle = "X-Slow: one byte every half second, as slowloris sends\r\n".repeat(4).getBytes(StandardCharsets.US_ASCII);
        try (RawHttp client = new RawHttp(port)) {
            long start = System.nanoTime();
            client.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long deadline = start + (HEAD_DEADLINE_MS + 10_000) * 1_000_000;
            int sent = 0;
            while (client.input().available() == 0 && System.nanoTime() < deadline && sent < trickle.length) {
                try {
                    client.send(new byte[] {trickle[sent++]});
                } catch (IOException closed) {
                    break;   // jpm answered and closed: read what it said
                }
                Thread.sleep(500);
            }
            RawHttp.Response response = client.read("GET");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(408, response.status(), response.toString());
            assertTrue(tookMs >= HEAD_DEADLINE_MS - 1_000 && tookMs <= HEAD_DEADLINE_MS + 5_000,
                    "408 after " + tookMs + " ms, the deadline is " + HEAD_DEADLINE_MS + " ms");
            assertTrue(client.closedByPeer(), "closed after the 408");
        }
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndTheSmuggledRequestNeverArrives() throws Exception {
        String smuggled = "GET /smuggled-te-cl HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assertAnsweredAndClosed(400, "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                + ("0\r\n\r\n" + smuggled).length() + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
        String smuggledToo = "GET /smuggled-cl-te HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assertAnsweredAndClosed(400, "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5"
                + "\r\n\r\n0\r\n\r\n" + smuggledToo);
        // a request sent after them does arrive: once it is in the log, the smuggled ones had their chance
        try (RawHttp client = new RawHttp(port)) {
            RawHttp.Response after = client.get("/after-smuggling");
            assertEquals(404, after.status(), "the backend's own 404: " + after);
        }
        JpmHarness.await("the request after the smuggling attempts logged", 10_000, () -> {
            try {
                return EchoApp.requestLog(jpm).contains("request: GET /after-smuggling");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        String log = EchoApp.requestLog(jpm);
        assertFalse(log.contains("smuggled"), "an instance saw a smuggled request:\n" + log);
    }

    @Test
    void anInvalidChunkSizeIs400AndClosed() throws Exception {
        assertAnsweredAndClosed(400, "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void anObsFoldedHeaderIs400AndClosed() throws Exception {
        assertAnsweredAndClosed(400, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Folded: first\r\n  second\r\n\r\n");
    }

    @Test
    void aBareCrInTheHeadIs400AndClosed() throws Exception {
        assertAnsweredAndClosed(400, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bare: a\rb\r\n\r\n");
    }

    @Test
    void noInstanceOnlineIs503WithRetryAfter() throws Exception {
        int downPort = EchoApp.freePort();
        Path jar = FixtureJars.build(jpm.home(), ExitAtOnce.class);
        Path file = jpm.home().resolve("down.yaml");
        // min_uptime 30s: every exit counts as a crash, so two restarts end it errored within seconds
        Files.writeString(file, "apps:\n  - name: down\n    jar: " + jar + "\n    port: " + downPort
                + "\n    host: 127.0.0.1\n    max_restarts: 2\n    min_uptime: 30s\n    restart_delay: 100ms\n"
                + (HttpClusterLoadIT.TCP ? "" : "    protocol: http\n"));
        assertNotEquals(0, jpm.jpm("start", file.toString()).exitCode(), "its instance exits at once");
        JpmHarness.await("down errored", 60_000, () -> {
            try {
                return jpm.list().stream().anyMatch(r -> "down".equals(r.get("name")) && "errored".equals(r.get("status")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        try (RawHttp client = new RawHttp(downPort)) {
            RawHttp.Response response = client.get("/");
            assertEquals(503, response.status(), response.toString());
            String retryAfter = response.header("Retry-After");
            assertTrue(retryAfter != null && retryAfter.matches("\\d+"), "Retry-After in seconds: " + response);
        } finally {
            jpm.jpm("delete", "down");
        }
    }

    private static RawHttp.Response requestWithFields(int fields) throws IOException {
        try (RawHttp client = new RawHttp(port)) {
            return client.send(head(fields)).read("GET");
        }
    }

    /** A GET of /hello with {@code fields} header fields in all, Host among them. */
    private static String head(int fields) {
        StringBuilder head = new StringBuilder("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 1; i < fields; i++) {
            head.append("X-Field-").append(i).append(": ").append(i).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void assertAnsweredAndClosed(int status, String request) throws IOException {
        try (RawHttp client = new RawHttp(port)) {
            client.send(request);
            RawHttp.Response response = client.read("POST");
            assertEquals(status, response.status(), response.toString());
            assertTrue(client.closedByPeer(), "closed after the " + status);
        }
    }
}
