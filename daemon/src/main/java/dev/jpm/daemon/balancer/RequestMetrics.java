package dev.jpm.daemon.balancer;

import java.util.concurrent.atomic.LongAdder;

/**
 * Requests of an HTTP-mode port, or of one backend behind it: how many, how they were answered,
 * how long they took, how many were sent again to another instance. Recorded by the I/O threads,
 * read by anyone.
 */
public final class RequestMetrics {
    private final LongAdder answered = new LongAdder();
    private final LongAdder retries = new LongAdder();

    /** A response's head reached the client: its status and the time since the request's head was complete. */
    void answered(int status, long latencyNanos) {
        answered.increment();
    }

    /** A request was sent again to another instance after its backend connection failed before any response byte. */
    void retried() {
        retries.increment();
    }

    public long requests() {
        return answered.sum();
    }

    public long retries() {
        return retries.sum();
    }
}
