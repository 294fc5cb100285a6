package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The health check against an app that requires a PROXY header on every connection, as Undertow and Netty do once it is on. */
@Timeout(30)
class ReadinessProbeTest {
    private ServerSocket server;
    private Thread acceptor;
    /** The first bytes of each connection, up to the request line's "GET". */
    private final BlockingQueue<String> prefixes = new LinkedBlockingQueue<>();

    @BeforeEach
    void proxyRequiringServer() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    String prefix = prefixBeforeGet(socket.getInputStream());
                    prefixes.add(prefix);
                    boolean local = prefix.equals("PROXY UNKNOWN\r\n")
                            || prefix.equals(HexFormat.of().formatHex(HexFormat.of().parseHex("0d0a0d0a000d0a515549540a20000000")));
                    socket.getOutputStream().write((local ? "HTTP/1.1 200 OK\r\n\r\n" : "HTTP/1.1 400 Bad Request\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed by the test
                }
            }
        });
        acceptor.start();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        acceptor.join(5_000);
    }

    /** v1 as text, v2 (starting with CR LF) as hex. */
    private static String prefixBeforeGet(InputStream in) throws IOException {
        byte[] buf = new byte[64];
        int n = 0;
        while (n < buf.length) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            buf[n++] = (byte) c;
            if (n >= 3 && buf[n - 3] == 'G' && buf[n - 2] == 'E' && buf[n - 1] == 'T') {
                n -= 3;
                break;
            }
        }
        if (n > 0 && buf[0] == '\r') {
            return HexFormat.of().formatHex(buf, 0, n);
        }
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void theHealthCheckSendsTheLocalHeaderOfTheAppsProxyProtocol() throws Exception {
        assertTrue(ReadinessProbe.ready(server.getLocalPort(), "/health", ProxyProtocol.V1));
        assertEquals("PROXY UNKNOWN\r\n", prefixes.poll(10, TimeUnit.SECONDS));

        assertTrue(ReadinessProbe.ready(server.getLocalPort(), "/health", ProxyProtocol.V2));
        assertEquals("0d0a0d0a000d0a515549540a20000000", prefixes.poll(10, TimeUnit.SECONDS));

        assertFalse(ReadinessProbe.ready(server.getLocalPort(), "/health", ProxyProtocol.NONE), "no header: the app refuses");
        assertEquals("", prefixes.poll(10, TimeUnit.SECONDS));
    }
}
