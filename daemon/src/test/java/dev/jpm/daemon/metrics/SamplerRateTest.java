package dev.jpm.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How often the sampler reads the OS: every second when watched, every 30 s when not, memory limits always. */
class SamplerRateTest {
    /** Records what it was asked to sample. */
    static final class RecordingSampler implements ProcessSampler {
        final List<Set<Long>> asked = new ArrayList<>();

        @Override
        public synchronized Map<Long, ProcessMetrics> sample(Set<Long> pids) {
            asked.add(Set.copyOf(pids));
            Map<Long, ProcessMetrics> m = new HashMap<>();
            pids.forEach(p -> m.put(p, new ProcessMetrics(1.0, 1024)));
            return m;
        }
    }

    private final RecordingSampler os = new RecordingSampler();
    private final MetricsCache cache = new MetricsCache();
    private final List<Long> memoryReports = new ArrayList<>();
    private final Sampler sampler = new Sampler(os, JvmSampler.none(), cache, () -> Set.of(1L, 2L, 3L), () -> Set.of(2L, 9L),
            (pid, rss) -> memoryReports.add(pid));

    private static long seconds(int s) {
        return s * 1_000_000_000L;
    }

    @Test
    void unwatchedItSamplesEverythingEvery30SecondsAndMemoryLimitedInstancesEverySecond() {
        for (int i = 0; i < 61; i++) {
            assertEquals(Sampler.PERIOD_MS, sampler.tick(seconds(i)), "a memory-limited instance is live: every second");
        }
        long full = os.asked.stream().filter(s -> s.equals(Set.of(1L, 2L, 3L))).count();
        long limitedOnly = os.asked.stream().filter(s -> s.equals(Set.of(2L))).count();
        assertEquals(3, full, "ticks 0, 30 and 60");
        assertEquals(58, limitedOnly, "every other tick, only the live memory-limited pid (9 is not live)");
        assertEquals(61, memoryReports.stream().filter(p -> p == 2L).count(), "the limited instance reported every tick");
    }

    @Test
    void watchedItSamplesEverythingEveryTick() {
        sampler.tick(seconds(0));
        cache.markWanted();
        for (int i = 1; i <= 10; i++) {
            assertEquals(Sampler.PERIOD_MS, sampler.tick(seconds(i)));
        }
        assertEquals(11, os.asked.stream().filter(s -> s.equals(Set.of(1L, 2L, 3L))).count());
        assertEquals(1.0, cache.get(3L).cpuPercent());
    }

    /** Fails for a sampler that wakes every second to find nothing due (the idle daemon's cost before issue 13). */
    @Test
    void unwatchedWithNoMemoryLimitItSleepsUntilTheNextFullSample() {
        Sampler unlimited = new Sampler(os, JvmSampler.none(), cache, () -> Set.of(1L), Set::of, (pid, rss) -> { });
        assertEquals(Sampler.IDLE_PERIOD_MS, unlimited.tick(seconds(100)));
        assertEquals(20_000, unlimited.tick(seconds(110)), "woken early (a read did): the full round stays 30 s after the last");
        assertEquals(1, os.asked.size(), "nothing sampled at the early wake");
        assertEquals(Sampler.IDLE_PERIOD_MS, unlimited.tick(seconds(130)));
        assertEquals(2, os.asked.size());
    }

    /** A read after a quiet spell wakes the sleeping sampler: fresh figures in about a second, not up to 30 s. */
    @Test
    void aReadAfterAQuietSpellWakesTheSampler() throws InterruptedException {
        Sampler unlimited = new Sampler(os, JvmSampler.none(), cache, () -> Set.of(1L), Set::of, (pid, rss) -> { });
        try {
            unlimited.start();
            awaitSamples(1);
            cache.markWanted();
            awaitSamples(2);
        } finally {
            unlimited.close();
        }
    }

    /** Fails for a chain of ticks that a throw ends: the sampler would never sample again. */
    @Test
    void aTickThatThrowsDoesNotEndTheSampling() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger asks = new java.util.concurrent.atomic.AtomicInteger();
        Sampler flaky = new Sampler(os, JvmSampler.none(), cache, () -> {
            if (asks.getAndIncrement() == 0) {
                throw new IllegalStateException("the supervisor's model is not there yet");
            }
            return Set.of(1L);
        }, Set::of, (pid, rss) -> { });
        cache.markWanted(); // watched: a full sample every second, if the ticks go on
        try {
            flaky.start();
            awaitSamples(1);
        } finally {
            flaky.close();
        }
    }

    private void awaitSamples(int count) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (sampled() < count) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not " + count + " samples within 10 s (the idle round is 30 s)");
            }
            Thread.sleep(10);
        }
    }

    private int sampled() {
        synchronized (os) {
            return os.asked.size();
        }
    }
}
