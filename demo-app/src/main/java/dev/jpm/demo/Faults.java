package dev.jpm.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * Misbehaviour on request, for jpm's own tests of what it does when an app goes wrong (hangs,
 * deadlocks, runs out of memory). Off unless the instance's environment has
 * {@code DEMO_FAULTS=1}: the demo is also a public load-test target, and nobody on the network
 * should be able to hang it with a GET.
 */
final class Faults {
    static final String PREFIX = "/fault/";

    /** A fault: runs on the server's only handler thread, so it must answer (or hang) on purpose. */
    interface Fault {
        void trigger(HttpExchange exchange) throws IOException;
    }

    private final boolean enabled;
    private final Map<String, Fault> byName;

    Faults(Map<String, String> env) {
        this.enabled = "1".equals(env.get("DEMO_FAULTS"));
        this.byName = Map.of();
    }

    /** Handles {@code /fault/<name>}; 404 when faults are off or the name is unknown. */
    void handle(HttpExchange exchange, String name) throws IOException {
        Fault fault = enabled ? byName.get(name) : null;
        if (fault == null) {
            Reply.text(exchange, 404, "not found: " + PREFIX + name + "\n");
            return;
        }
        fault.trigger(exchange);
    }
}
