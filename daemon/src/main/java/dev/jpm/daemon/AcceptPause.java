package dev.jpm.daemon;

/**
 * How long to leave a listening socket alone after accept failed, for the balancer's public ports
 * and the control socket alike. An accept that fails for want of file descriptors (EMFILE,
 * ENFILE) or memory leaves the client in the backlog, so the selector reports the socket ready
 * again at once: retrying at once spun a core and wrote 509,000 log lines in 8 s. The pause
 * doubles from {@value #FIRST_PAUSE_MILLIS} ms to {@value #MAX_PAUSE_MILLIS} ms while failures go
 * on (nginx pauses accepts for 500 ms in the same case); meanwhile connections close and give
 * descriptors back. A run of failures is one episode, ended by the next accept that works. Owned
 * by the thread that accepts.
 */
public final class AcceptPause {
    public static final long FIRST_PAUSE_MILLIS = 10;
    public static final long MAX_PAUSE_MILLIS = 1_000;

    /** 0 while accepts succeed. */
    private long pauseMillis;
    private long failures;
    private long episodeStartNanos;

    /** Counts a failure at {@code nowNanos}; returns the pause before the next accept, in milliseconds. */
    public long failed(long nowNanos) {
        if (pauseMillis == 0) {
            episodeStartNanos = nowNanos;
            pauseMillis = FIRST_PAUSE_MILLIS;
        } else {
            pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
        }
        failures++;
        return pauseMillis;
    }

    /** True from the first failure of an episode to the next success. */
    public boolean failing() {
        return pauseMillis != 0;
    }

    /** An accept worked: ends the episode; returns its failures, 0 when there was none. */
    public long succeeded() {
        long failed = failures;
        pauseMillis = 0;
        failures = 0;
        return failed;
    }

    /** How long the current (or just ended) episode lasted by {@code nowNanos}. */
    public long episodeMillis(long nowNanos) {
        return (nowNanos - episodeStartNanos) / 1_000_000;
    }
}
