package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.view.RequestsView;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final long MS = 1_000_000L;

    @Test
    void bucketsAreAtMostTheirBound() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(MS);           // exactly 1 ms: the first bucket (le="0.001")
        h.record(MS + 1);       // just over: the second
        h.record(10_000 * MS);  // exactly the last bound
        h.record(60_000 * MS);  // slower than every bound
        List<Long> counts = h.counts();
        assertEquals(RequestsView.LATENCY_BOUNDS_MS.size() + 1, counts.size());
        assertEquals(1, counts.get(0));
        assertEquals(1, counts.get(1));
        assertEquals(1, counts.get(counts.size() - 2));
        assertEquals(1, counts.get(counts.size() - 1));
        assertEquals(70.002000001, h.sumSeconds(), 1e-12);
    }

    @Test
    void uniformLatenciesGiveTheirExactQuantiles() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            h.record(ms * MS);
        }
        // 250 requests in (250, 500] and 500 in (500, 1000]: spread evenly, as the interpolation assumes
        assertEquals(500.0, LatencyHistogram.quantileMs(h.counts(), 0.5), 1e-9);
        assertEquals(990.0, LatencyHistogram.quantileMs(h.counts(), 0.99), 1e-9);
    }

    @Test
    void aQuantileStaysInsideTheBucketOfTheTrueValue() {
        Random random = new Random(42);
        for (double median : new double[] {0.3, 4, 40, 700, 3000}) {
            LatencyHistogram h = new LatencyHistogram();
            double[] latencies = new double[20_000];
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = median * Math.exp(random.nextGaussian()); // log-normal, as latencies tend to be
                h.record(Math.round(latencies[i] * MS));
            }
            Arrays.sort(latencies);
            for (double q : new double[] {0.5, 0.99}) {
                double truth = latencies[(int) Math.ceil(q * latencies.length) - 1];
                double estimate = LatencyHistogram.quantileMs(h.counts(), q);
                double[] bucket = bucketOf(truth);
                assertTrue(estimate >= bucket[0] && estimate <= bucket[1],
                        "q" + q + " of median " + median + ": " + estimate + " outside (" + bucket[0] + ", " + bucket[1] + "] of " + truth);
                if (truth > 1 && truth <= 10_000) {
                    assertTrue(estimate / truth <= 2.5 && truth / estimate <= 2.5, estimate + " vs " + truth);
                }
            }
        }
    }

    @Test
    void noRequestHasNoQuantileAndOverflowSaysTheLastBound() {
        assertNull(LatencyHistogram.quantileMs(new LatencyHistogram().counts(), 0.5));
        LatencyHistogram h = new LatencyHistogram();
        h.record(20_000 * MS);
        assertEquals(10_000.0, LatencyHistogram.quantileMs(h.counts(), 0.99));
    }

    @Test
    void allInOneBucketInterpolatesInsideIt() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 100; i++) {
            h.record(3 * MS);
        }
        assertEquals(2.5 + 2.5 * 0.5, LatencyHistogram.quantileMs(h.counts(), 0.5), 1e-9);
        assertEquals(2.5 + 2.5 * 0.99, LatencyHistogram.quantileMs(h.counts(), 0.99), 1e-9);
    }

    private static double[] bucketOf(double ms) {
        double lower = 0;
        for (double bound : RequestsView.LATENCY_BOUNDS_MS) {
            if (ms <= bound) {
                return new double[] {lower, bound};
            }
            lower = bound;
        }
        return new double[] {lower, lower};
    }
}
