package dev.jpm.daemon.balancer;

import dev.jpm.protocol.view.RequestsView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request latencies in the fixed buckets of {@link RequestsView#LATENCY_BOUNDS_MS}, and their sum.
 * Recorded by the I/O threads (two adds, no allocation once the adders have their cells), read by
 * anyone; a read taken while requests are recorded may be a request or two behind in one bucket.
 */
final class LatencyHistogram {
    private static final long[] BOUNDS_NANOS = RequestsView.LATENCY_BOUNDS_MS.stream()
            .mapToLong(ms -> Math.round(ms * 1_000_000)).toArray();

    /** One per bound, then the overflow bucket. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long latencyNanos) {
        int i = 0;
        // a linear scan: 13 bounds, and most requests stop in the first few
        while (i < BOUNDS_NANOS.length && latencyNanos > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(Math.max(0, latencyNanos));
    }

    List<Long> counts() {
        List<Long> counts = new ArrayList<>(buckets.length);
        for (LongAdder bucket : buckets) {
            counts.add(bucket.sum());
        }
        return counts;
    }

    double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }

    /**
     * The q-quantile in milliseconds, interpolated linearly inside the bucket the q-th request falls
     * in (as Prometheus' {@code histogram_quantile} does); null with no request. The estimate and
     * the true value lie in the same bucket, so the error is at most that bucket's width: under 1 ms
     * in the first bucket, and within a factor of 2.5 either way above it (each bound is at most 2.5
     * times the one before). Beyond the last bound nothing is known but "slower than 10 s", which is
     * what it answers.
     */
    static Double quantileMs(List<Long> counts, double q) {
        long total = counts.stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        List<Double> bounds = RequestsView.LATENCY_BOUNDS_MS;
        double rank = q * total;
        long before = 0;
        for (int i = 0; i < bounds.size(); i++) {
            long inBucket = counts.get(i);
            if (inBucket > 0 && before + inBucket >= rank) {
                double lower = i == 0 ? 0 : bounds.get(i - 1);
                double estimate = lower + (bounds.get(i) - lower) * Math.max(0, rank - before) / inBucket;
                return Math.round(estimate * 1000) / 1000.0; // to the microsecond: 23.049999999 is noise, not precision
            }
            before += inBucket;
        }
        return bounds.get(bounds.size() - 1);
    }
}
