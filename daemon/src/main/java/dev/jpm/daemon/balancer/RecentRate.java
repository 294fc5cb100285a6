package dev.jpm.daemon.balancer;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Events per second over the last few whole seconds, from a ring of per-second counters.
 *
 * <p>Written by both I/O threads at once and read by the supervisor's and the request threads, with
 * no lock: each slot is one long holding the second it counts (high 24 bits) and its count (low 40
 * bits), so claiming a slot for a new second and counting in it is one compare-and-set, and a
 * writer can never lose the other's count to a reset. The ring has one slot more than the window,
 * so the second being written is never one being read. 40 bits hold 10^12 events a second; 24 bits
 * of second tell apart the laps of 194 days, so a slot idle that long could be read as fresh once.
 */
final class RecentRate {
    private static final int COUNT_BITS = 40;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final long SECOND_MASK = (1L << (Long.SIZE - COUNT_BITS)) - 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int windowSeconds;
    private final AtomicLongArray slots;
    private final LongSupplier nanoClock;

    /** @param nanoClock {@code System::nanoTime}, or a test's hand-driven clock */
    RecentRate(int windowSeconds, LongSupplier nanoClock) {
        this.windowSeconds = windowSeconds;
        this.slots = new AtomicLongArray(windowSeconds + 1);
        this.nanoClock = nanoClock;
    }

    void record() {
        long second = Math.floorDiv(nanoClock.getAsLong(), NANOS_PER_SECOND);
        int slot = (int) Math.floorMod(second, (long) slots.length());
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
    double perSecond() {
        long now = Math.floorDiv(nanoClock.getAsLong(), NANOS_PER_SECOND);
        long sum = 0;
        for (long second = now - windowSeconds; second < now; second++) {
            long value = slots.get((int) Math.floorMod(second, (long) slots.length()));
            if (value >>> COUNT_BITS == (second & SECOND_MASK)) {
                sum += value & COUNT_MASK;
            }
        }
        return sum / (double) windowSeconds;
    }
}
