package dev.jpm.daemon.metrics;

import dev.jpm.daemon.Log;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 *
 * <p>The thread sleeps until the next sample is due, not a second at a time: an idle daemon wakes
 * twice a minute for this (issue 13). The first read after a quiet spell wakes it at once, so that
 * the figures are fresh again a moment later.
 */
public final class Sampler implements AutoCloseable {
    public static final long PERIOD_MS = 1_000;
    /** While nobody looks, a full sample this often. */
    static final long IDLE_PERIOD_MS = 30_000;
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
    /** The sampler thread's own: when the last full sample was taken, and the next tick. */
    private long lastFullNanos;
    private boolean sampledYet;
    private ScheduledFuture<?> next;

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
        cache.onWatchedAgain(WATCHED_WINDOW_NANOS, () -> execute(this::wake));
        execute(this::tickAndReschedule);
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Never ends the chain: a tick that throws is logged and the next comes a period later. */
    private void tickAndReschedule() {
        long delayMs;
        try {
            delayMs = tick(System.nanoTime());
        } catch (RuntimeException e) {
            Log.error("sampling failed", e);
            delayMs = PERIOD_MS;
        }
        try {
            next = thread.schedule(this::tickAndReschedule, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Someone looks after a quiet spell: sample now rather than when the slow round is due. */
    private void wake() {
        if (next != null && next.getDelay(TimeUnit.MILLISECONDS) > PERIOD_MS && next.cancel(false)) {
            tickAndReschedule();
        }
    }

    /** Samples what is due at {@code nowNanos}; returns how long until the next tick, in ms. */
    long tick(long nowNanos) {
        boolean watched = cache.wantedWithin(WATCHED_WINDOW_NANOS);
        long idlePeriodNanos = TimeUnit.MILLISECONDS.toNanos(IDLE_PERIOD_MS);
        if (!sampledYet || watched || nowNanos - lastFullNanos >= idlePeriodNanos) {
            sampledYet = true;
            lastFullNanos = nowNanos;
            sampleOnce();
        } else {
            Set<Long> limited = limitedLivePids();
            if (!limited.isEmpty()) {
                sample(limited, false);
            }
        }
        if (watched || !limitedLivePids().isEmpty()) {
            return PERIOD_MS;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(lastFullNanos + idlePeriodNanos - nowNanos));
    }

    private Set<Long> limitedLivePids() {
        Set<Long> limited = memoryLimitedPids.get();
        if (limited.isEmpty()) {
            return limited;
        }
        Set<Long> live = new HashSet<>(limited);
        live.retainAll(livePids.get());
        return live;
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
