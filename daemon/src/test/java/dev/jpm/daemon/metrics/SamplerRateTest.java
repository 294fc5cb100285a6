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
        public Map<Long, ProcessMetrics> sample(Set<Long> pids) {
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

    @Test
    void unwatchedItSamplesEverythingEvery30TicksAndMemoryLimitedInstancesEveryTick() {
        for (int i = 0; i < 61; i++) {
            sampler.tick();
        }
        long full = os.asked.stream().filter(s -> s.equals(Set.of(1L, 2L, 3L))).count();
        long limitedOnly = os.asked.stream().filter(s -> s.equals(Set.of(2L))).count();
        assertEquals(3, full, "ticks 0, 30 and 60");
        assertEquals(58, limitedOnly, "every other tick, only the live memory-limited pid (9 is not live)");
        assertEquals(61, memoryReports.stream().filter(p -> p == 2L).count(), "the limited instance reported every tick");
    }

    @Test
    void watchedItSamplesEverythingEveryTick() {
        sampler.tick();
        cache.markWanted();
        for (int i = 0; i < 10; i++) {
            sampler.tick();
        }
        assertEquals(11, os.asked.stream().filter(s -> s.equals(Set.of(1L, 2L, 3L))).count());
        assertEquals(1.0, cache.get(3L).cpuPercent());
    }
}
