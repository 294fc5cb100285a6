package dev.jpm.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * The whole route table in one handler: a handful of fixed paths plus {@code /api/{n}}. The
 * server runs it on a single thread, so requests to one instance are served strictly one at a
 * time, and heavy requests queue behind each other exactly as they would in a Node process.
 */
final class Routes implements HttpHandler {
    static final int MAX_API_MILLIS = 1000;
    private static final String API_PREFIX = "/api/";

    private final long pid = ProcessHandle.current().pid();
    private final String pidJson;
    private final Faults faults;

    Routes(Map<String, String> env) {
        // The environment does not change while we run, so the /pid body is built once.
        this.pidJson = "{\"pid\":" + pid
                + ",\"instance\":" + Reply.jsonString(env.get("JPM_INSTANCE_ID"))
                + ",\"app\":" + Reply.jsonString(env.get("JPM_APP_NAME"))
                // which spec answers: jpm's tests change it to see an update in place reach the instance
                + ",\"version\":" + Reply.jsonString(env.get("DEMO_VERSION")) + "}\n";
        this.faults = new Faults(env);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if ("/health".equals(exchange.getRequestURI().getPath()) && faults.holdsHealthCheck(exchange)) {
            // left open on purpose: closing it would answer the check with a dropped connection
            return;
        }
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Reply.text(exchange, 405, "method not allowed\n");
                return;
            }
            route(exchange, exchange.getRequestURI().getPath());
        } catch (RuntimeException e) {
            // A bug in a route must not kill the only handler thread; the exchange is closed by
            // the try above, which also drops the connection if headers were already sent.
            System.err.println("demo-app: " + exchange.getRequestURI() + " failed: " + e);
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/" -> Reply.text(exchange, 200, "hello from " + pid + "\n");
            case "/pid" -> Reply.send(exchange, 200, Reply.JSON, pidJson);
            case "/health" -> Reply.text(exchange, 200, "ok");
            case "/whoami" -> Reply.send(exchange, 200, Reply.JSON, Whoami.describe(exchange));
            case "/heavy" -> {
                long result = CpuWork.run(System.nanoTime(), CpuWork.HEAVY_ITERATIONS);
                Reply.text(exchange, 200, "heavy " + Long.toHexString(result) + "\n");
            }
            default -> {
                if (path.startsWith(API_PREFIX)) {
                    api(exchange, path.substring(API_PREFIX.length()));
                } else if (path.startsWith(Faults.PREFIX)) {
                    faults.handle(exchange, path.substring(Faults.PREFIX.length()));
                } else {
                    Reply.text(exchange, 404, "not found: " + path + "\n");
                }
            }
        }
    }

    /** {@code /api/{n}}: about n milliseconds of CPU work, n from 0 to {@value #MAX_API_MILLIS}. */
    private void api(HttpExchange exchange, String n) throws IOException {
        int millis;
        try {
            millis = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0 || millis > MAX_API_MILLIS) {
            Reply.text(exchange, 400, "n must be a whole number from 0 to " + MAX_API_MILLIS + ", got '" + n + "'\n");
            return;
        }
        long result = CpuWork.forMillis(System.nanoTime(), millis);
        Reply.text(exchange, 200, "api " + millis + " " + Long.toHexString(result) + "\n");
    }
}
