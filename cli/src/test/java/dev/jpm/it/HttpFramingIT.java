package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 framing http mode must get right to keep a client connection usable: answers
 * without a body (HEAD, 204, 304 even with a Content-Length), chunked bodies both ways,
 * Expect: 100-continue, HTTP/1.0, and a WebSocket upgrade after which bytes pass unchanged.
 * Each test ends with a further request on the same connection where keep-alive applies: a
 * proxy that framed the answer wrong hangs or answers garbage there.
 */
class HttpFramingIT {
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
    void headGetsTheHeadersAndNoBody() throws Exception {
        try (RawHttp client = new RawHttp(port)) {
            RawHttp.Response head = client.send("HEAD /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").read("HEAD");
            assertEquals(200, head.status(), head.toString());
            assertEquals("6", head.header("Content-Length"), head.toString());
            assertStillServes(client);
        }
    }

    @Test
    void noContentAndNotModifiedEndAtTheirHead() throws Exception {
        try (RawHttp client = new RawHttp(port)) {
            assertEquals(204, client.get("/no-content").status());
            RawHttp.Response notModified = client.get("/not-modified");
            assertEquals(304, notModified.status(), notModified.toString());
            assertEquals("\"v1\"", notModified.header("ETag"));
            assertStillServes(client);
        }
    }

    @Test
    void aChunkedAnswerArrivesWhole() throws Exception {
        try (RawHttp client = new RawHttp(port)) {
            assertEquals("first second third", client.get("/chunked").body());
            assertStillServes(client);
        }
    }

    @Test
    void aChunkedRequestBodyReachesTheInstance() throws Exception {
        try (RawHttp client = new RawHttp(port)) {
            RawHttp.Response echo = client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nhel\r\n4;ext=1\r\nlo, \r\n6\r\nchunks\r\n0\r\n\r\n").read("POST");
            assertEquals("hello, chunks", echo.body(), echo.toString());
            assertStillServes(client);
        }
    }

    @Test
    void expectContinueGetsA100BeforeTheBodyIsSent() throws Exception {
        try (RawHttp client = new RawHttp(port)) {
            client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 7\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response interim = client.read("POST");
            assertEquals(100, interim.status(), "the body waits for 100 Continue: " + interim);
            RawHttp.Response echo = client.send("waited!").read("POST");
            assertEquals(200, echo.status(), echo.toString());
            assertEquals("waited!", echo.body());
            assertStillServes(client);
        }
    }

    @Test
    void anHttp10RequestIsAnsweredAndClosed() throws Exception {
        try (RawHttp client = new RawHttp(port)) {
            RawHttp.Response response = client.send("GET /hello HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").read("GET");
            assertEquals(200, response.status(), response.toString());
            assertEquals("hello\n", response.body());
            assertTrue(client.closedByPeer(), "HTTP/1.0 without keep-alive: closed after the answer");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawHttp client = new RawHttp(port)) {
            RawHttp.Response response = client.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").read("GET");
            assertEquals("hello\n", response.body());
            assertTrue(client.closedByPeer(), "closed after the answer");
        }
    }

    @Test
    void aWebSocketEchoesThroughHttpMode() throws Exception {
        String key = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.US_ASCII));
        try (RawHttp client = new RawHttp(port)) {
            RawHttp.Response switched = client.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").read("GET");
            assertEquals(101, switched.status(), switched.toString());
            assertEquals(expectedAccept(key), switched.header("Sec-WebSocket-Accept"));
            for (String text : new String[] {"hello through jpm", "x".repeat(300), "ünïcödé ✓"}) {
                byte[] payload = text.getBytes(StandardCharsets.UTF_8);
                client.send(maskedFrame(0x1, payload));
                assertArrayEquals(payload, readFrame(client.input(), 0x1), text);
            }
            client.send(maskedFrame(0x9, "ping".getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), readFrame(client.input(), 0xA));
            byte[] normalClosure = {0x03, (byte) 0xE8};
            client.send(maskedFrame(0x8, normalClosure));
            assertArrayEquals(normalClosure, readFrame(client.input(), 0x8));
            assertTrue(client.closedByPeer(), "the tunnel closes when the instance does");
        }
    }

    private static void assertStillServes(RawHttp client) throws IOException {
        RawHttp.Response next = client.get("/hello");
        assertEquals(200, next.status(), next.toString());
        assertEquals("hello\n", next.body(), "the next answer on the same connection");
    }

    /** RFC 6455, 4.2.2, computed here independently of the fixture's own code. */
    private static String expectedAccept(String key) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
    }

    /** A client frame: FIN, the opcode, and the payload masked as RFC 6455, 5.3 requires of clients. */
    private static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] mask = {0x37, (byte) 0xFA, 0x21, 0x3D};
        int lengthBytes = payload.length < 126 ? 0 : 2;
        byte[] frame = new byte[2 + lengthBytes + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        if (lengthBytes == 0) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(mask, 0, frame, 2 + lengthBytes, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[2 + lengthBytes + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** A server frame (unmasked, under 64 KB) of the expected opcode; its payload. */
    private static byte[] readFrame(InputStream in, int opcode) throws IOException {
        int first = in.read();
        int second = in.read();
        assertEquals(0x80 | opcode, first, "FIN and opcode");
        assertEquals(0, second & 0x80, "a server frame is not masked");
        int length = second & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        }
        byte[] payload = in.readNBytes(length);
        assertEquals(length, payload.length, "a whole frame");
        return payload;
    }
}
