package dev.jpm.daemon.balancer;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events per second over the last few whole seconds, from a ring of per-second counters.
 *
 * <p>Written by both I/O threads at once and read by the supervisor's and the request threads, with
 * no lock: each slot is one long holding the second it counts (high 24 bits) and its count (low 40
 * bits), so claiming a slot for a new second and counting in it is one compare-and-set, and a
 * writer can never lose the other's count to a reset. The ring is longer than the window (a power
 * of two, so a slot is found with a mask, not a division), so the second being written is never one
 * being read. 40 bits hold 10^12 events a second; 24 bits
 * of second tell apart the laps of 194 days, so a slot idle that long could be read as fresh once.
 * Callers pass the time ({@code System.nanoTime()} or a test's), so a caller that has it at hand
 * pays no clock read.
 */
final class RecentRate {
    private static final int COUNT_BITS = 40;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final long SECOND_MASK = (1L << (Long.SIZE - COUNT_BITS)) - 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int windowSeconds;
    private final AtomicLongArray slots;
    private final int slotMask;

    RecentRate(int windowSeconds) {
        this.windowSeconds = windowSeconds;
        int length = Integer.highestOneBit(windowSeconds) << 1;
        this.slots = new AtomicLongArray(length);
        this.slotMask = length - 1;
    }

    void record(long nowNanos) {
        long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        int slot = (int) second & slotMask;
        long tag = second & SECOND_MASK;
        while (true) {
            long current = slots.get(slot);
            long next = current >>> COUNT_BITS == tag ? current + 1 : tag << COUNT_BITS | 1;
            if (slots.compareAndSet(slot, current, next)) {
                return;
            }
        }
    }

    /** The events of the last {@code windowSeconds} whole seconds, per second; the second under way is not counted yet. */
    double perSecond(long nowNanos) {
        long now = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        long sum = 0;
        for (long second = now - windowSeconds; second < now; second++) {
            long value = slots.get((int) second & slotMask);
            if (value >>> COUNT_BITS == (second & SECOND_MASK)) {
                sum += value & COUNT_MASK;
            }
        }
        return sum / (double) windowSeconds;
    }
}
