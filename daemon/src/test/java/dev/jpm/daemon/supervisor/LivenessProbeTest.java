package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.policy.ExitHistory;
import dev.jpm.daemon.policy.RestartPolicy;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.LivenessSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One liveness check against real sockets, and what it asks of each kind of app. */
class LivenessProbeTest {
    private static final byte[] NO_PROXY_HEADER = new byte[0];

    /** A server on a loopback port that answers each connection with {@code answer}, or holds it unanswered when null. */
    private static ServerSocket serving(String answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    if (answer != null) {
                        try (s) {
                            s.getInputStream().read(new byte[1024]);
                            OutputStream out = s.getOutputStream();
                            out.write(answer.getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    @Test
    void twoHundredPasses() throws Exception {
        try (ServerSocket server = serving("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            assertNull(LivenessProbe.get("127.0.0.1", server.getLocalPort(), "/health", NO_PROXY_HEADER, 1_000));
        }
    }

    @Test
    void anotherStatusFailsWithIt() throws Exception {
        try (ServerSocket server = serving("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")) {
            assertEquals("status 503", LivenessProbe.get("127.0.0.1", server.getLocalPort(), "/health", NO_PROXY_HEADER, 1_000));
        }
    }

    @Test
    void anUnansweredCheckTimesOutAtItsDeadline() throws Exception {
        try (ServerSocket server = serving(null)) {
            long start = System.nanoTime();
            assertEquals("timeout after 500ms", LivenessProbe.get("127.0.0.1", server.getLocalPort(), "/health", NO_PROXY_HEADER, 500));
            // a generous bound: only that it does not wait for ever
            assertTrue(System.nanoTime() - start < 10_000_000_000L);
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals("connection refused on port " + port, LivenessProbe.get("127.0.0.1", port, "/", NO_PROXY_HEADER, 1_000));
    }

    @Test
    void aClosedConnectionIsNotAnAnswer() throws Exception {
        try (ServerSocket server = serving("")) {
            assertEquals("the connection closed before an HTTP status",
                    LivenessProbe.get("127.0.0.1", server.getLocalPort(), "/", NO_PROXY_HEADER, 1_000));
        }
    }

    private static Instance instance(AppSpec spec, Integer port) {
        ManagedApp app = new ManagedApp(spec, new RestartPolicy(spec.restart(), List.of(), System::currentTimeMillis));
        Instance instance = new Instance(1, 0, app, new ExitHistory());
        instance.internalPort = port;
        return instance;
    }

    private static AppSpec spec(ClusterSettings cluster, LivenessSettings liveness) {
        return new AppSpec("api", "/a.jar", null, null, "/bin/java", "/", 1, null, null, cluster, null, null, liveness, null, null);
    }

    @Test
    void aClusterInstanceIsAskedItsHealthPathOnItsInternalPort() {
        ClusterSettings cluster = new ClusterSettings(8080, "0.0.0.0", ClusterSettings.Strategy.ROUND_ROBIN, "/health", 5_000, 0);
        assertEquals(new HealthTarget("127.0.0.1", 40001, "/health", ClusterSettings.ProxyProtocol.NONE),
                HealthTarget.of(instance(spec(cluster, null), 40001)));
        assertNull(HealthTarget.of(instance(spec(ClusterSettings.onPort(8080), null), 40001)), "no health_path, no check");
    }

    @Test
    void aForkInstanceIsAskedItsUrlWithItsPort() {
        LivenessSettings byPort = new LivenessSettings("http://localhost:${PORT}/actuator/health?probe=1", 0, 0, 0);
        assertEquals(new HealthTarget("localhost", 40002, "/actuator/health?probe=1", ClusterSettings.ProxyProtocol.NONE),
                HealthTarget.of(instance(spec(null, byPort), 40002)));
        LivenessSettings fixed = new LivenessSettings("http://127.0.0.1:9000", 0, 0, 0);
        assertEquals(new HealthTarget("127.0.0.1", 9000, "/", ClusterSettings.ProxyProtocol.NONE),
                HealthTarget.of(instance(spec(null, fixed), null)));
        assertNull(HealthTarget.of(instance(spec(null, null), null)), "no health_url, no check");
    }
}
