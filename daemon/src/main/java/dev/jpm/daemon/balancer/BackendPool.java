package dev.jpm.daemon.balancer;

import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The idle keep-alive connections of one loop to the backends of its http-mode ports, so that a
 * request rarely pays for a connect. Owned by the loop's thread: a connection is registered with
 * one selector, so a pool shared between loops would hand connections across threads.
 *
 * <p>A pooled connection stays registered for reading: a backend that closes it (its own
 * keep-alive timeout, a stop, a crash) is seen at once and the connection dropped before a request
 * can be sent on it. The most recently used connection is taken first, the one least likely to be
 * near the backend's timeout.
 */
final class BackendPool {
    /**
     * An idle connection is closed after 15 s: below the keep-alive timeouts of the servers Java
     * apps run on (Tomcat 20 s by default, Jetty and the JDK's HttpServer 30 s), so jpm, not the
     * backend, nearly always ends it, and never while a request is on its way.
     */
    static final long IDLE_NANOS = 15_000_000_000L;
    /**
     * Idle connections kept per backend and loop. A burst leaves at most this many behind; 64
     * covers the concurrency of the load tests here (50 clients over 2 loops) with room to spare.
     */
    static final int MAX_IDLE_PER_BACKEND = 64;

    private final Map<Backend, ArrayDeque<BackendConnection>> idle = new IdentityHashMap<>();
    private int count;

    /** An idle connection to {@code backend} taken out of the pool, or null. */
    BackendConnection take(Backend backend) {
        ArrayDeque<BackendConnection> connections = idle.get(backend);
        if (connections == null) {
            return null;
        }
        BackendConnection connection;
        while ((connection = connections.pollLast()) != null) {
            count--;
            if (connection.isOpen()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    /** Keeps a connection whose last exchange ended cleanly, unless its backend is going or enough wait already. */
    void put(BackendConnection connection, long now) {
        connection.owner = null;
        ArrayDeque<BackendConnection> connections = idle.computeIfAbsent(connection.backend, b -> new ArrayDeque<>());
        if (connection.backend.removed() || connections.size() >= MAX_IDLE_PER_BACKEND || !connection.isOpen()) {
            connection.close();
            return;
        }
        connection.idleSinceNanos = now;
        connection.setInterest(SelectionKey.OP_READ);
        connections.addLast(connection);
        count++;
    }

    /**
     * A pooled connection became readable: the backend closed it, or sent bytes nobody asked for
     * (a 408 before closing, say). Either way it can carry no request.
     */
    void idleReady(BackendConnection connection) {
        ArrayDeque<BackendConnection> connections = idle.get(connection.backend);
        if (connections != null && connections.remove(connection)) {
            count--;
        }
        connection.close();
    }

    /** Closes the connections idle too long and those of backends that were removed. */
    void sweep(long now) {
        Iterator<Map.Entry<Backend, ArrayDeque<BackendConnection>>> entries = idle.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Backend, ArrayDeque<BackendConnection>> entry = entries.next();
            ArrayDeque<BackendConnection> connections = entry.getValue();
            boolean removed = entry.getKey().removed();
            // oldest first: the deque is ordered by the time each connection came back
            BackendConnection oldest;
            while ((oldest = connections.peekFirst()) != null && (removed || now - oldest.idleSinceNanos >= IDLE_NANOS)) {
                connections.pollFirst();
                count--;
                oldest.close();
            }
            if (connections.isEmpty()) {
                entries.remove();
            }
        }
    }

    /** A backend stops taking requests: its idle connections go at once, so that it can stop. */
    void closeIdle(Backend backend) {
        ArrayDeque<BackendConnection> connections = idle.remove(backend);
        if (connections != null) {
            count -= connections.size();
            connections.forEach(BackendConnection::close);
        }
    }

    void closePort(PublicPort port) {
        idle.keySet().removeIf(backend -> {
            if (backend.port != port) {
                return false;
            }
            ArrayDeque<BackendConnection> connections = idle.get(backend);
            count -= connections.size();
            connections.forEach(BackendConnection::close);
            return true;
        });
    }

    void closeAll() {
        idle.values().forEach(connections -> connections.forEach(BackendConnection::close));
        idle.clear();
        count = 0;
    }

    boolean isEmpty() {
        return count == 0;
    }
}
