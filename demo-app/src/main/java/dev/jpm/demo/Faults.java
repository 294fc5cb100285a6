package dev.jpm.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    /** Set by {@code /fault/hang-health}; read and written on the handler thread only. */
    private boolean healthHangs;
    /**
     * The {@code /health} requests never answered, held so that their connections stay open, as a
     * hung health check's do: one per liveness check (every 10 s by default) until jpm replaces us.
     */
    private final List<HttpExchange> unanswered = new ArrayList<>();

    Faults(Map<String, String> env) {
        this.enabled = "1".equals(env.get("DEMO_FAULTS"));
        this.byName = Map.of("hang-health", this::hangHealth, "deadlock", Faults::deadlock, "oom", Faults::allocateWithoutBound);
    }

    /**
     * From now on {@code /health} never answers, while every other route goes on serving. That is
     * the hang liveness checks exist for and the balancer cannot see: a health endpoint stuck on a
     * dependency (an exhausted pool, a lock) in a JVM that still serves. It does not block the one
     * handler thread, which would hang every route: a JVM hung whole fails the requests it holds,
     * whatever jpm does, and that would hide whether the replacement itself loses any.
     */
    private void hangHealth(HttpExchange exchange) throws IOException {
        healthHangs = true;
        Reply.text(exchange, 200, "/health hangs from now on\n");
    }

    /** When {@code /health} hangs: keeps the exchange open and unanswered, and says so. */
    boolean holdsHealthCheck(HttpExchange exchange) {
        if (healthHangs) {
            unanswered.add(exchange);
        }
        return healthHangs;
    }

    /**
     * Two new threads, "demo-deadlock-a" and "demo-deadlock-b", each take one lock and then wait
     * for the other's, forever: a Java-level deadlock for a thread dump to find. Answers at once;
     * the handler thread is not one of the pair.
     */
    private static void deadlock(HttpExchange exchange) throws IOException {
        Object first = new Object();
        Object second = new Object();
        java.util.concurrent.CountDownLatch bothHoldOne = new java.util.concurrent.CountDownLatch(2);
        startLocking("demo-deadlock-a", first, second, bothHoldOne);
        startLocking("demo-deadlock-b", second, first, bothHoldOne);
        Reply.text(exchange, 200, "deadlocking demo-deadlock-a and demo-deadlock-b\n");
    }

    private static void startLocking(String name, Object held, Object wanted, java.util.concurrent.CountDownLatch bothHoldOne) {
        Thread thread = new Thread(() -> {
            synchronized (held) {
                bothHoldOne.countDown();
                try {
                    bothHoldOne.await();
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (wanted) {
                    System.out.println(name + ": never printed");
                }
            }
        }, name);
        // a deadlocked pair must not keep the JVM from exiting on SIGTERM
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Fills the heap until the JVM runs out: under jpm's default {@code -XX:+ExitOnOutOfMemoryError}
     * the process ends there (exit code 3). Under a JVM told to carry on, the memory is let go and
     * the request answered 500, so the demo serves again.
     */
    private static void allocateWithoutBound(HttpExchange exchange) throws IOException {
        List<long[]> held = new ArrayList<>();
        try {
            while (true) {
                held.add(new long[1 << 17]); // 1 MiB at a time: fast, yet each step well under any heap
            }
        } catch (OutOfMemoryError e) {
            int megabytes = held.size();
            held = null;
            Reply.text(exchange, 500, "OutOfMemoryError after " + megabytes + " MiB\n");
        }
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
