package dev.jpm.daemon.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sampler's latest figures by pid. Requests read here and never wait for a sample
 * (DESIGN.md decision 9).
 */
public final class MetricsCache {
    private final Map<Long, ProcessMetrics> byPid = new ConcurrentHashMap<>();
    private final Map<Long, JvmMetrics> jvmByPid = new ConcurrentHashMap<>();
    /** When someone last read metrics (list, describe, monit, a Prometheus scrape); 0 for never. */
    private volatile long lastWantedNanos;
    /** Told when the figures are read after no read for a window: set once, before the first read. */
    private volatile Runnable watchedAgain = () -> { };
    private volatile long watchedWindowNanos = Long.MAX_VALUE;

    /** Says that someone is looking at the figures, so the sampler keeps them fresh. */
    public void markWanted() {
        long now = System.nanoTime();
        long last = lastWantedNanos;
        lastWantedNanos = now;
        if (last == 0 || now - last >= watchedWindowNanos) {
            watchedAgain.run();
        }
    }

    /** {@code action} runs (on the reader's thread, so it must only hand over) at the first read after {@code windowNanos} without one. */
    void onWatchedAgain(long windowNanos, Runnable action) {
        this.watchedWindowNanos = windowNanos;
        this.watchedAgain = action;
    }

    /** Whether anyone read metrics within the last {@code windowNanos}. */
    boolean wantedWithin(long windowNanos) {
        long last = lastWantedNanos;
        return last != 0 && System.nanoTime() - last < windowNanos;
    }

    public ProcessMetrics get(long pid) {
        return byPid.get(pid);
    }

    /** The JVM's own figures, or null when it publishes none (or the sampler has not read them yet). */
    public JvmMetrics jvm(long pid) {
        return jvmByPid.get(pid);
    }

    void put(long pid, ProcessMetrics metrics) {
        byPid.put(pid, metrics);
    }

    void putJvm(long pid, JvmMetrics metrics) {
        jvmByPid.put(pid, metrics);
    }

    void forgetJvm(long pid) {
        jvmByPid.remove(pid);
    }

    /** Forgets pids no longer sampled, so the cache does not grow with every restart. */
    void retainOnly(Set<Long> pids) {
        byPid.keySet().retainAll(pids);
        jvmByPid.keySet().retainAll(pids);
    }
}
