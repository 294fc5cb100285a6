package dev.jpm.daemon.balancer;

import dev.jpm.protocol.view.RequestsView;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Requests of an HTTP-mode port, or of one backend behind it: how many, how they were answered,
 * how long they took, how many were sent again to another instance. Recorded by the I/O threads,
 * both at once, with no lock and no allocation: an answer costs four atomic adds (its status
 * class, its latency bucket, the latency sum, the per-second counter), and a clock read unless the
 * caller passes the time it has. Measured on the 2-core build VM, one thread: 40-70 ns an answer
 * given the time; {@code System.nanoTime()} costs 80-110 ns more there (20-25 ns on bare metal).
 * Read by anyone, through {@link #view}.
 */
public final class RequestMetrics {
    /** 1xx to 5xx; a status outside 100-599 counts in the nearest class. */
    private final LongAdder[] statusClasses = new LongAdder[5];
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final LongAdder retries = new LongAdder();
    private final RecentRate rate = new RecentRate(RequestsView.RATE_WINDOW_SECONDS);
    private final LongSupplier nanoClock;

    RequestMetrics() {
        this(System::nanoTime);
    }

    /** @param nanoClock what the requests-per-second window reads: {@code System::nanoTime}, or a test's clock */
    RequestMetrics(LongSupplier nanoClock) {
        for (int i = 0; i < statusClasses.length; i++) {
            statusClasses[i] = new LongAdder();
        }
        this.nanoClock = nanoClock;
    }

    /** A response's head reached the client: its status and the time since the request's head was complete. */
    void answered(int status, long latencyNanos) {
        answered(status, latencyNanos, nanoClock.getAsLong());
    }

    /** As {@link #answered(int, long)}, at {@code nowNanos} on the {@code System.nanoTime()} clock: an I/O loop's time of this round. */
    void answered(int status, long latencyNanos, long nowNanos) {
        statusClasses[Math.min(4, Math.max(0, status / 100 - 1))].increment();
        latencies.record(latencyNanos);
        rate.record(nowNanos);
    }

    /** A request was sent again to another instance after its backend connection failed before any response byte. */
    void retried() {
        retries.increment();
    }

    public long requests() {
        long sum = 0;
        for (LongAdder c : statusClasses) {
            sum += c.sum();
        }
        return sum;
    }

    public long retries() {
        return retries.sum();
    }

    /** A snapshot for {@code list}, {@code describe}, {@code monit} and Prometheus. */
    public RequestsView view() {
        List<Long> counts = latencies.counts();
        long[] classes = new long[statusClasses.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = statusClasses[i].sum();
        }
        return new RequestsView(counts.stream().mapToLong(Long::longValue).sum(), rate.perSecond(nanoClock.getAsLong()),
                classes[0], classes[1], classes[2], classes[3], classes[4],
                LatencyHistogram.quantileMs(counts, 0.5), LatencyHistogram.quantileMs(counts, 0.99),
                retries.sum(), counts, latencies.sumSeconds());
    }
}
