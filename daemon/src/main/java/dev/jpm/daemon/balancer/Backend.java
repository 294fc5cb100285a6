package dev.jpm.daemon.balancer;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One launch of an instance behind a public port, named by the supervisor's backend key: where it
 * listens and how many connections it carries.
 * The counters are touched by the I/O threads; everything else reads them.
 */
final class Backend {
    final int backendKey;
    final InetSocketAddress address;
    /** The public port it is behind. */
    final PublicPort port;
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong served;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** HTTP mode: the requests this backend answered. */
    final RequestMetrics requests = new RequestMetrics();
    private volatile boolean removed;

    Backend(PublicPort publicPort, int backendKey, int port, long servedBefore) {
        this.port = publicPort;
        this.backendKey = backendKey;
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.served = new AtomicLong(servedBefore);
    }

    /**
     * Takes a connection slot before connecting, so least-connections sees it at once. Refuses
     * when the backend was removed meanwhile: removal sets the flag before reading the count, and
     * this counts before reading the flag, so one of the two always sees the other.
     */
    boolean reserve() {
        active.incrementAndGet();
        if (removed) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (active.decrementAndGet() == 0 && removed) {
            completeDrained();
        }
    }

    void connected() {
        served.incrementAndGet();
    }

    void remove() {
        removed = true;
        if (active.get() == 0) {
            completeDrained();
        }
    }

    boolean removed() {
        return removed;
    }

    long active() {
        return active.get();
    }

    long served() {
        return served.get();
    }

    CompletableFuture<Void> drained() {
        return drained;
    }

    /** Off the I/O thread: whatever the caller chained on the future must never run on it. */
    private void completeDrained() {
        if (!drained.isDone()) {
            ForkJoinPool.commonPool().execute(() -> drained.complete(null));
        }
    }
}
