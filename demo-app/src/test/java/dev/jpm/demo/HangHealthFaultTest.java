package dev.jpm.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /fault/hang-health}: off by default; when on, /health stops answering and the rest goes on. */
class HangHealthFaultTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(DemoServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthHangsWhileTheOtherRoutesServe() throws Exception {
        DemoServer server = DemoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of("DEMO_FAULTS", "1"));
        try {
            assertEquals(200, get(server, "/health").statusCode());
            assertEquals(200, get(server, "/fault/hang-health").statusCode());
            assertThrows(HttpTimeoutException.class, () -> get(server, "/health"));
            assertEquals(200, get(server, "/").statusCode());
            assertThrows(HttpTimeoutException.class, () -> get(server, "/health"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void isOffWithoutDemoFaults() throws Exception {
        DemoServer server = DemoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of());
        try {
            assertEquals(404, get(server, "/fault/hang-health").statusCode());
            assertEquals(200, get(server, "/health").statusCode());
        } finally {
            server.stop(0);
        }
    }
}
