package dev.jpm.daemon;

import java.util.function.LongConsumer;

/**
 * A log line that a flood would repeat thousands of times a second (accept failures, connections
 * closed to make room, failing connections): written at most once per interval, with the count of
 * the occurrences held back since the last one it wrote. The daemon's log stays readable and
 * bounded whatever the flood. Owned by the one thread that reports through it.
 */
public final class RateLimitedLog {
    private final long intervalNanos;
    private long nextNanos;
    private boolean wroteOnce;
    private long heldBack;

    public RateLimitedLog(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    /**
     * One occurrence at {@code nowNanos}: {@code write} gets the number held back before it and
     * writes the line, unless one was written less than the interval ago; then it is only counted.
     *
     * @return whether the line was written
     */
    public boolean offer(long nowNanos, LongConsumer write) {
        if (wroteOnce && nowNanos - nextNanos < 0) {
            heldBack++;
            return false;
        }
        long before = heldBack;
        heldBack = 0;
        wroteOnce = true;
        nextNanos = nowNanos + intervalNanos;
        write.accept(before);
        return true;
    }

    /** Occurrences counted and not yet written about; taking them starts the count again. */
    public long takeHeldBack() {
        long held = heldBack;
        heldBack = 0;
        return held;
    }
}
