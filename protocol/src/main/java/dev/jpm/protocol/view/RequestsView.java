package dev.jpm.protocol.view;

import java.util.List;

/**
 * The HTTP requests of an {@code http}-mode app's public port, or of one launch of an instance
 * behind it: counted since the port opened, or since that launch went online.
 *
 * @param total         requests answered (a response head reached the client)
 * @param rps           requests per second over the last {@link #RATE_WINDOW_SECONDS} whole seconds
 * @param status1xx     answers by status class; 5xx includes the 502/503 jpm sends itself
 * @param p50Ms         median latency in milliseconds, estimated from the histogram; null before any request
 * @param p99Ms         99th percentile latency, likewise
 * @param retries       requests sent again to another instance after their backend connection failed
 * @param latencyCounts requests per latency bucket: one per bound of {@link #LATENCY_BOUNDS_MS} (at most
 *                      that bound, above the one before), then one for everything slower than the last
 * @param latencySeconds the sum of all latencies, seconds
 */
public record RequestsView(
        long total,
        double rps,
        long status1xx,
        long status2xx,
        long status3xx,
        long status4xx,
        long status5xx,
        Double p50Ms,
        Double p99Ms,
        long retries,
        List<Long> latencyCounts,
        double latencySeconds) {

    /**
     * Upper bounds of the latency buckets, milliseconds: Prometheus' usual 1-2.5-5 steps from 1 ms to
     * 10 s, so a quantile read from them is off by at most one bucket's width (see the daemon's
     * estimate). Fixed, so that every instance's histogram adds up with every other's.
     */
    public static final List<Double> LATENCY_BOUNDS_MS = List.of(
            1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1_000.0, 2_500.0, 5_000.0, 10_000.0);

    /** The window {@link #rps} is measured over. */
    public static final int RATE_WINDOW_SECONDS = 10;
}
