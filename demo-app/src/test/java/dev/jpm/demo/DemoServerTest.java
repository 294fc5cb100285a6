package dev.jpm.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real server in-process on a free loopback port and calls every route. */
class DemoServerTest {
    private static final long PID = ProcessHandle.current().pid();

    private static DemoServer server;
    private static HttpClient client;

    @BeforeAll
    static void startServer() throws IOException {
        server = DemoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of("JPM_INSTANCE_ID", "3", "JPM_APP_NAME", "demo \"x\"", "DEMO_VERSION", "v2"));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void bindsAnEphemeralPort() {
        assertTrue(server.port() > 0);
    }

    @Test
    void rootSaysHelloWithThePid() throws Exception {
        HttpResponse<String> response = get("/");
        assertEquals(200, response.statusCode());
        assertEquals("hello from " + PID + "\n", response.body());
        assertEquals(String.valueOf(response.body().length()),
                response.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    void pidReportsInstanceAppAndVersionAsJson() throws Exception {
        HttpResponse<String> response = get("/pid");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"pid\":" + PID + ",\"instance\":\"3\",\"app\":\"demo \\\"x\\\"\",\"version\":\"v2\"}\n", response.body());
    }

    @Test
    void pidIsNullWithoutJpmEnvironment() throws Exception {
        DemoServer bare = DemoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of());
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bare.port() + "/pid")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"pid\":" + PID + ",\"instance\":null,\"app\":null,\"version\":null}\n", response.body());
        } finally {
            bare.stop(0);
        }
    }

    @Test
    void healthIsOk() throws Exception {
        HttpResponse<String> response = get("/health");
        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
    }

    @Test
    void whoamiShowsTheSocketPeerAndNoForwardingWhenCalledDirectly() throws Exception {
        HttpResponse<String> response = get("/whoami");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().matches("\\{\"remote\":\"127\\.0\\.0\\.1:\\d+\",\"x_forwarded_for\":null,"
                + "\"x_forwarded_proto\":null,\"x_forwarded_host\":null,\"x_forwarded_port\":null,\"forwarded\":null}\n"),
                response.body());
    }

    @Test
    void whoamiEchoesWhatAProxyAddedAndJoinsRepeatedHeaders() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/whoami"))
                .header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-For", "10.0.0.1")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "example.org")
                .header("X-Forwarded-Port", "443")
                .header("Forwarded", "for=203.0.113.7;proto=https;host=\"example.org\"")
                .build();
        String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(body.contains(",\"x_forwarded_for\":\"203.0.113.7, 10.0.0.1\",\"x_forwarded_proto\":\"https\","
                + "\"x_forwarded_host\":\"example.org\",\"x_forwarded_port\":\"443\","
                + "\"forwarded\":\"for=203.0.113.7;proto=https;host=\\\"example.org\\\"\"}\n"), body);
    }

    @Test
    void heavyReturnsItsResult() throws Exception {
        HttpResponse<String> response = get("/heavy");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().matches("heavy [0-9a-f]+\n"), response.body());
    }

    @Test
    void apiDoesProportionalWork() throws Exception {
        HttpResponse<String> response = get("/api/5");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().matches("api 5 [0-9a-f]+\n"), response.body());
    }

    @Test
    void apiRefusesBadOrTooLargeN() throws Exception {
        for (String n : new String[] {"abc", "-1", "1001", "", "5/6"}) {
            HttpResponse<String> response = get("/api/" + n);
            assertEquals(400, response.statusCode(), n);
            assertTrue(response.body().startsWith("n must be"), response.body());
        }
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertEquals(404, get("/nope").statusCode());
        assertEquals(404, get("/api").statusCode());
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofString("ignored body"))
                .build();
        HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
        // The body of the refused request was drained, so the connection still serves the next one.
        assertEquals(200, get("/health").statusCode());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
