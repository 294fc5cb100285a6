package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentRateTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(-3 * SECOND + 7); // nanoTime may be negative
    private final RecentRate rate = new RecentRate(10);

    private void record(int times) {
        for (int i = 0; i < times; i++) {
            rate.record(clock.get());
        }
    }

    @Test
    void theSecondUnderWayCountsOnlyOnceItIsOver() {
        record(50);
        assertEquals(0.0, rate.perSecond(clock.get()));
        clock.addAndGet(SECOND);
        assertEquals(5.0, rate.perSecond(clock.get()), "50 in one second, over a 10 s window");
    }

    @Test
    void secondsLeaveTheWindowAfterTenSeconds() {
        for (int second = 0; second < 10; second++) {
            record(second < 5 ? 10 : 30);
            clock.addAndGet(SECOND);
        }
        assertEquals((5 * 10 + 5 * 30) / 10.0, rate.perSecond(clock.get()));
        clock.addAndGet(5 * SECOND);
        assertEquals(5 * 30 / 10.0, rate.perSecond(clock.get()), "the five seconds of 10 left");
        clock.addAndGet(5 * SECOND);
        assertEquals(0.0, rate.perSecond(clock.get()));
    }

    @Test
    void aSlotReusedALapLaterStartsFromZero() {
        for (int later = 11; later <= 40; later++) { // one of these is a whole lap of the ring, whatever its length
            RecentRate fresh = new RecentRate(10);
            for (int i = 0; i < 100; i++) {
                fresh.record(clock.get());
            }
            for (int i = 0; i < 3; i++) {
                fresh.record(clock.get() + later * SECOND);
            }
            assertEquals(0.3, fresh.perSecond(clock.get() + (later + 1) * SECOND), 1e-9, later + " s later");
        }
    }

    @Test
    void twoWritersAtOnceLoseNothing() throws Exception {
        int perThread = 200_000;
        Runnable writer = () -> record(perThread);
        Thread a = new Thread(writer);
        Thread b = new Thread(writer);
        a.start();
        b.start();
        for (int step = 0; step < 3; step++) { // seconds roll over under the writers
            Thread.sleep(1);
            clock.addAndGet(SECOND / 4);
        }
        a.join(10_000);
        b.join(10_000);
        clock.addAndGet(SECOND * 2);
        assertEquals(2 * perThread / 10.0, rate.perSecond(clock.get()), 1e-9);
    }
}
