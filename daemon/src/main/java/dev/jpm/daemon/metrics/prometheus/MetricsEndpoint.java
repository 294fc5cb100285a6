package dev.jpm.daemon.metrics.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jpm.protocol.view.InstanceView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * An optional HTTP endpoint for Prometheus: {@code GET /metrics} answers {@link PrometheusText} of
 * the instance rows, which come from the sampler's cache and never wait for a sample. Off unless
 * {@code JPM_METRICS_PORT} is set; it binds 127.0.0.1 unless {@code JPM_METRICS_HOST} says otherwise,
 * since anyone who can reach it learns what runs here.
 */
public final class MetricsEndpoint implements AutoCloseable {
    public static final String PORT_ENV = "JPM_METRICS_PORT";
    public static final String HOST_ENV = "JPM_METRICS_HOST";
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final HttpServer server;

    public MetricsEndpoint(InetSocketAddress address, Supplier<List<InstanceView>> rows) throws IOException {
        server = HttpServer.create(address, 16);
        server.createContext("/metrics", exchange -> answer(exchange, rows));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
    }

    /** The address the environment asks for, or null when the endpoint is off. */
    public static InetSocketAddress addressFrom(Map<String, String> env) {
        String port = env.get(PORT_ENV);
        if (port == null || port.isBlank()) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT_ENV + " must be a port number, not '" + port + "'");
        }
        if (number < 0 || number > 65_535) {
            throw new IllegalArgumentException(PORT_ENV + " must be between 0 and 65535, not " + number);
        }
        String host = env.getOrDefault(HOST_ENV, "");
        return new InetSocketAddress(host.isBlank() ? DEFAULT_HOST : host.trim(), number);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, Supplier<List<InstanceView>> rows) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body;
            try {
                body = PrometheusText.render(rows.get()).getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
