package dev.jpm.daemon.metrics;

import dev.jpm.daemon.Log;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Once a second, samples every live instance (CPU and memory from the OS, heap, GC and threads
 * from the JVM when it publishes them) into the {@link MetricsCache} on its own thread,
 * off every request's path, and reports memory to whoever enforces {@code max_memory_restart}.
 */
public final class Sampler implements AutoCloseable {
    public static final long PERIOD_MS = 1_000;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sampler");
        t.setDaemon(true);
        return t;
    });
    private final ProcessSampler os;
    private final JvmSampler jvm;
    private final MetricsCache cache;
    private final Supplier<Set<Long>> livePids;
    private final BiConsumer<Long, Long> memoryReport;

    public Sampler(ProcessSampler os, MetricsCache cache, Supplier<Set<Long>> livePids, BiConsumer<Long, Long> memoryReport) {
        this(os, JvmSampler.none(), cache, livePids, memoryReport);
    }

    public Sampler(ProcessSampler os, JvmSampler jvm, MetricsCache cache, Supplier<Set<Long>> livePids,
            BiConsumer<Long, Long> memoryReport) {
        this.os = os;
        this.jvm = jvm;
        this.cache = cache;
        this.livePids = livePids;
        this.memoryReport = memoryReport;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::sampleOnce, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void sampleOnce() {
        try {
            Set<Long> pids = livePids.get();
            Map<Long, ProcessMetrics> samples = os.sample(pids);
            samples.forEach((pid, m) -> {
                cache.put(pid, m);
                memoryReport.accept(pid, m.rssBytes());
            });
            Map<Long, JvmMetrics> jvms = jvm.sample(pids);
            jvms.forEach(cache::putJvm);
            cache.retainOnly(pids);
            pids.stream().filter(pid -> !jvms.containsKey(pid)).forEach(cache::forgetJvm);
        } catch (RuntimeException e) {
            Log.error("sampling failed", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
