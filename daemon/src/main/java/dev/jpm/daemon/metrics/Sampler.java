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
 * Samples every live instance (CPU and memory from the OS, heap, GC and threads from the JVM
 * when it publishes them) into the {@link MetricsCache} on its own thread, off every request's
 * path, and reports memory to whoever enforces {@code max_memory_restart}.
 *
 * <p>How often depends on whether anyone is looking: once a second while metrics were read in
 * the last 15 seconds ({@code list}, {@code monit}, {@code describe}, a Prometheus scrape), else once
 * every 30 seconds, as often as PM2's daemon checks its processes. Instances with a memory limit
 * are sampled every second regardless, since their restart depends on it. So a daemon nobody
 * watches costs next to nothing, and one that is watched is never more than a second behind.
 */
public final class Sampler implements AutoCloseable {
    public static final long PERIOD_MS = 1_000;
    /** While nobody looks, a full sample every this many periods. */
    static final int IDLE_EVERY = 30;
    /**
     * How long a read keeps the sampler at full rate: monit and {@code watch jpm list} read every
     * second or two, a Prometheus scrape every 15 s or so, and each finds figures at most a
     * second old; a lone {@code jpm list} after a quiet spell may show figures up to 30 s old.
     */
    static final long WATCHED_WINDOW_NANOS = 15_000_000_000L;

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
    private final Supplier<Set<Long>> memoryLimitedPids;
    private long ticks;

    public Sampler(ProcessSampler os, MetricsCache cache, Supplier<Set<Long>> livePids, BiConsumer<Long, Long> memoryReport) {
        this(os, JvmSampler.none(), cache, livePids, Set::of, memoryReport);
    }

    /** @param memoryLimitedPids instances whose memory is watched against a limit: sampled every period */
    public Sampler(ProcessSampler os, JvmSampler jvm, MetricsCache cache, Supplier<Set<Long>> livePids,
            Supplier<Set<Long>> memoryLimitedPids, BiConsumer<Long, Long> memoryReport) {
        this.memoryLimitedPids = memoryLimitedPids;
        this.os = os;
        this.jvm = jvm;
        this.cache = cache;
        this.livePids = livePids;
        this.memoryReport = memoryReport;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::tick, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    void tick() {
        boolean full = ticks++ % IDLE_EVERY == 0 || cache.wantedWithin(WATCHED_WINDOW_NANOS);
        if (full) {
            sampleOnce();
        } else {
            Set<Long> limited = new java.util.HashSet<>(memoryLimitedPids.get());
            limited.retainAll(livePids.get());
            if (!limited.isEmpty()) {
                sample(limited, false);
            }
        }
    }

    void sampleOnce() {
        sample(livePids.get(), true);
    }

    /** Samples {@code pids}; a full sample also forgets the pids that are gone. */
    private void sample(Set<Long> pids, boolean full) {
        try {
            Map<Long, ProcessMetrics> samples = os.sample(pids);
            samples.forEach((pid, m) -> {
                cache.put(pid, m);
                memoryReport.accept(pid, m.rssBytes());
            });
            if (!full) {
                return;
            }
            Map<Long, JvmMetrics> jvms = jvm.sample(pids);
            jvms.forEach(cache::putJvm);
            cache.retainOnly(pids);
            os.retain(pids);
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
