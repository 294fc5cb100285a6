package dev.jpm.daemon.metrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    static final InstanceView WEB = new InstanceView(3, "web", 1, 1234L, InstanceStatus.ONLINE, 2, 65_000, 12.5, 100L << 20,
            null, null, null, null, 40L << 20, 128L << 20, 256L << 20, 7L, 1500L, 21L, null);
    static final InstanceView STOPPED = new InstanceView(4, "we\"ird", 0, null, InstanceStatus.STOPPED, 0, 0, null, null,
            null, null, null, null, null, null, null, null, null, null, null);

    @Test
    void rendersEachMetricWithHelpTypeAndLabels() {
        String text = PrometheusText.render(List.of(WEB, STOPPED));
        assertTrue(text.contains("# HELP jpm_instance_up "));
        assertTrue(text.contains("# TYPE jpm_instance_up gauge\n"));
        assertTrue(text.contains("# TYPE jpm_instance_restarts_total counter\n"));
        assertTrue(text.contains("jpm_instance_up{app=\"web\",id=\"3\",instance=\"1\"} 1\n"), text);
        assertTrue(text.contains("jpm_instance_up{app=\"we\\\"ird\",id=\"4\",instance=\"0\"} 0\n"), text);
        assertTrue(text.contains("jpm_instance_cpu_percent{app=\"web\",id=\"3\",instance=\"1\"} 12.5\n"));
        assertTrue(text.contains("jpm_instance_memory_bytes{app=\"web\",id=\"3\",instance=\"1\"} 104857600\n"));
        assertTrue(text.contains("jpm_instance_restarts_total{app=\"web\",id=\"3\",instance=\"1\"} 2\n"));
        assertTrue(text.contains("jpm_instance_heap_used_bytes{app=\"web\",id=\"3\",instance=\"1\"} 41943040\n"));
        assertTrue(text.contains("jpm_instance_gc_seconds_total{app=\"web\",id=\"3\",instance=\"1\"} 1.5\n"));
        assertTrue(text.contains("jpm_instance_threads{app=\"web\",id=\"3\",instance=\"1\"} 21\n"));
        assertTrue(!text.contains("jpm_instance_heap_used_bytes{app=\"we\\\"ird\""), "no sample without a figure");
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("# ") || line.matches("[a-z_]+\\{[^}]*\\} [0-9.]+"), line);
        }
    }

    @Test
    void servesMetricsOverHttp() throws Exception {
        try (MetricsEndpoint endpoint = new MetricsEndpoint(new InetSocketAddress("127.0.0.1", 0), () -> List.of(WEB))) {
            endpoint.start();
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + endpoint.port();
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals(PrometheusText.CONTENT_TYPE, ok.headers().firstValue("Content-Type").orElse(""));
            assertTrue(ok.body().contains("jpm_instance_up{app=\"web\",id=\"3\",instance=\"1\"} 1"));
            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(base + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void readsItsAddressFromTheEnvironment() {
        assertNull(MetricsEndpoint.addressFrom(Map.of()));
        InetSocketAddress local = MetricsEndpoint.addressFrom(Map.of("JPM_METRICS_PORT", "9209"));
        assertEquals("127.0.0.1", local.getHostString());
        assertEquals(9209, local.getPort());
        InetSocketAddress any = MetricsEndpoint.addressFrom(Map.of("JPM_METRICS_PORT", "9209", "JPM_METRICS_HOST", "0.0.0.0"));
        assertEquals("0.0.0.0", any.getHostString());
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.addressFrom(Map.of("JPM_METRICS_PORT", "http")));
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.addressFrom(Map.of("JPM_METRICS_PORT", "70000")));
    }
}
