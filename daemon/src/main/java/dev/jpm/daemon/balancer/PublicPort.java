package dev.jpm.daemon.balancer;

import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.ClusterSettings.Strategy;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One app's public port: the listening socket and the instances new connections go to.
 *
 * <p>The set of backends is a copy-on-write array: changes (rare, from the supervisor) copy it
 * under a lock, the I/O threads read it with one volatile load per new connection. A removed
 * backend takes no new connections; those it carries run to their end, and {@link #drained}
 * tells when the last one has closed.
 *
 * <p>A client that arrives while no backend is online is closed at once: holding it would only
 * move the wait into the client's connect, and a closed connection is an answer it can act on.
 */
public final class PublicPort implements AutoCloseable {
    private static final Backend[] NONE = new Backend[0];

    final String app;
    final ServerSocketChannel server;
    /** The app's cluster settings as the port was opened with them: protocol, forwarding, PROXY header. */
    final ClusterSettings settings;
    private final Balancer balancer;
    private final Strategy strategy;
    private final int port;
    private final AtomicInteger next = new AtomicInteger();
    private final int maxConnections;
    /** Open connections, counted by the loops as they admit and close them. */
    private final AtomicInteger connections = new AtomicInteger();
    private final LongAdder failedConnects = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder reclaimed = new LongAdder();
    private final LongAdder closedIdle = new LongAdder();
    /** HTTP mode: every request of the port, those jpm answered itself (400, 503, ...) included. */
    final RequestMetrics requests = new RequestMetrics();
    private final Map<Integer, Backend> known = new ConcurrentHashMap<>();
    private volatile Backend[] online = NONE;
    private volatile boolean closed;

    PublicPort(Balancer balancer, String app, ServerSocketChannel server, ClusterSettings settings, int port, int maxConnections) {
        this.balancer = balancer;
        this.app = app;
        this.server = server;
        this.settings = settings;
        this.strategy = settings.strategy();
        this.port = port;
        this.maxConnections = maxConnections;
    }

    /**
     * Routes new connections to {@code 127.0.0.1:port} too. The key names one launch of an
     * instance (the supervisor's, so that an old process draining and its replacement are two
     * backends); an earlier backend with the same key is replaced.
     */
    public synchronized void addBackend(int backendKey, int port) {
        Backend earlier = known.get(backendKey);
        Backend backend = new Backend(this, backendKey, port, earlier == null ? 0 : earlier.served());
        Backend[] copy = without(backendKey);
        copy = Arrays.copyOf(copy, copy.length + 1);
        copy[copy.length - 1] = backend;
        online = copy;
        known.put(backendKey, backend);
        if (earlier != null) {
            earlier.remove();
        }
    }

    /** Stops routing new connections to that backend; connections it carries go on. */
    public synchronized void removeBackend(int backendKey) {
        online = without(backendKey);
        Backend backend = known.get(backendKey);
        if (backend != null) {
            backend.remove();
            if (settings.protocol() == ClusterSettings.Protocol.HTTP) {
                balancer.onEveryLoopLater(loop -> loop.pool.closeIdle(backend));
            }
        }
    }

    private Backend[] without(int backendKey) {
        Backend[] current = online;
        Backend[] copy = new Backend[current.length];
        int n = 0;
        for (Backend b : current) {
            if (b.backendKey != backendKey) {
                copy[n++] = b;
            }
        }
        return Arrays.copyOf(copy, n);
    }

    /** Open connections to that instance now, including ones still connecting. */
    public long activeConnections(int backendKey) {
        Backend backend = known.get(backendKey);
        return backend == null ? 0 : backend.active();
    }

    /** Connections ever established to that instance. */
    public long served(int backendKey) {
        Backend backend = known.get(backendKey);
        return backend == null ? 0 : backend.served();
    }

    /**
     * HTTP mode: the requests that launch of an instance answered; null for a tcp port or a backend
     * this port never had.
     */
    public RequestMetrics requests(int backendKey) {
        Backend backend = known.get(backendKey);
        return backend == null || !http() ? null : backend.requests;
    }

    /** HTTP mode: every request of the port, jpm's own answers (400, 408, 431, 502, 503) included; null for a tcp port. */
    public RequestMetrics requests() {
        return http() ? requests : null;
    }

    private boolean http() {
        return settings.protocol() == ClusterSettings.Protocol.HTTP;
    }

    /**
     * Completes, off the I/O threads, once the instance carries no connection after
     * {@link #removeBackend}; at once for an instance this port never had.
     */
    public CompletableFuture<Void> drained(int backendKey) {
        Backend backend = known.get(backendKey);
        return backend == null ? CompletableFuture.completedFuture(null) : backend.drained().copy();
    }

    public int port() {
        return port;
    }

    /** Connects to a backend that failed (refused, timed out); each one moved the client on to the next backend. */
    public long failedConnects() {
        return failedConnects.sum();
    }

    void connectFailed() {
        failedConnects.increment();
    }

    /** Counts a new connection in if the port has room for it. */
    boolean tryOpen() {
        int n;
        do {
            n = connections.get();
            if (n >= maxConnections) {
                return false;
            }
        } while (!connections.compareAndSet(n, n + 1));
        return true;
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    void refused() {
        refused.increment();
    }

    void reclaimed() {
        reclaimed.increment();
    }

    void closedIdle() {
        closedIdle.increment();
    }

    /** Client connections open now, on every loop. */
    public int connections() {
        return connections.get();
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Clients reset at accept because the port was full and had no silent connection to give up. */
    public long refusedConnections() {
        return refused.sum();
    }

    /** Connections that had sent nothing, closed to make room for a newer client at the limit. */
    public long reclaimedConnections() {
        return reclaimed.sum();
    }

    /** Connections closed after moving no byte for the idle timeout. */
    public long idleClosedConnections() {
        return closedIdle.sum();
    }

    /** What the port can do now, as {@code list} shows it. */
    public State state() {
        if (closed || !server.isOpen()) {
            return State.DOWN;
        }
        int live = balancer.liveLoops();
        if (live == 0) {
            return State.DOWN;
        }
        if (live < balancer.loopCount()) {
            return State.DEGRADED;
        }
        return connections.get() >= maxConnections ? State.FULL : State.LISTENING;
    }

    /** The states of a public port; {@link #wireName} is what {@code list} and {@code describe} show. */
    public enum State {
        /** Accepting on every I/O thread, with room for new clients. */
        LISTENING,
        /** At {@code max_connections}: a new client takes the place of the oldest that has sent nothing, or is reset. */
        FULL,
        /** An I/O thread died and could not be replaced; the others still accept. */
        DEGRADED,
        /** Nothing accepts on the port. */
        DOWN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Picks and reserves a backend for a new connection (tcp) or request (http), skipping those
     * already tried; null when none is left.
     */
    Backend pick(TriedBackends tried) {
        Backend[] backends = online;
        int n = backends.length;
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int attempt = 0; attempt < n; attempt++) {
            Backend chosen = strategy == Strategy.LEAST_CONN ? fewestConnections(backends, start, tried) : roundRobin(backends, start, tried);
            if (chosen == null) {
                return null;
            }
            if (chosen.reserve()) {
                return chosen;
            }
            tried.add(chosen); // removed meanwhile: never pick it again for this connection
        }
        return null;
    }

    private static Backend roundRobin(Backend[] backends, int start, TriedBackends tried) {
        int n = backends.length;
        for (int i = 0; i < n; i++) {
            Backend b = backends[(start + i) % n];
            if (!tried.contains(b)) {
                return b;
            }
        }
        return null;
    }

    /** The first backend with the fewest connections, counting from {@code start}, so ties rotate. */
    private static Backend fewestConnections(Backend[] backends, int start, TriedBackends tried) {
        int n = backends.length;
        Backend best = null;
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Backend b = backends[(start + i) % n];
            long active = b.active();
            if (active < fewest && !tried.contains(b)) {
                best = b;
                fewest = active;
            }
        }
        return best;
    }

    /** Stops listening and closes every connection this port carries. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        balancer.closed(this);
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        balancer.onEveryLoop(loop -> loop.closePort(this));
    }
}
