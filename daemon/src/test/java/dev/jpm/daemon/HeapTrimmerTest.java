package dev.jpm.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapTrimmerTest {
    private static final long MB = 1024 * 1024;
    private final AtomicLong committed = new AtomicLong(8 * MB);
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapTrimmer trimmer = new HeapTrimmer(committed::get, clock::get, () -> {
        collections.incrementAndGet();
        committed.set(9 * MB);
    });

    @Test
    void aHeapThatNeverGrewIsNeverCollected() {
        for (int i = 0; i < 100; i++) {
            clock.addAndGet(HeapTrimmer.CHECK_MILLIS);
            trimmer.check();
        }
        assertEquals(0, collections.get());
    }

    @Test
    void aHeapThatGrewIsCollectedOnce() {
        committed.set(8 * MB + HeapTrimmer.GROWTH_BYTES);
        trimmer.check();
        trimmer.check();
        assertEquals(1, collections.get());
    }

    @Test
    void aLongBurstIsCollectedAtMostOncePerInterval() {
        long checks = 2 * HeapTrimmer.MIN_INTERVAL_MILLIS / HeapTrimmer.CHECK_MILLIS;
        for (int i = 0; i < checks; i++) { // two intervals of checks, the heap staying large
            committed.set(64 * MB);
            trimmer.check();
            clock.addAndGet(HeapTrimmer.CHECK_MILLIS);
        }
        assertEquals(2, collections.get());
    }

    @Test
    void aHeapFullOfLiveDataIsCollectedLessAndLessOften() {
        AtomicInteger stuck = new AtomicInteger();
        HeapTrimmer live = new HeapTrimmer(committed::get, clock::get, stuck::incrementAndGet); // baseline 8 MB
        committed.set(64 * MB); // and it stays there: every collection finds only live data
        long checks = HeapTrimmer.MAX_INTERVAL_MILLIS * 2 / HeapTrimmer.CHECK_MILLIS; // twenty minutes
        for (int i = 0; i < checks; i++) {
            live.check();
            clock.addAndGet(HeapTrimmer.CHECK_MILLIS);
        }
        // 30 s, 60, 120, 240, 480, then every 600: 8 in twenty minutes instead of 40
        assertTrue(stuck.get() >= 1 && stuck.get() <= 8, stuck.get() + " collections");
    }
}
