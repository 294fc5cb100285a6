package dev.jpm.daemon.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sampler's latest figures by pid. Requests read here and never wait for a sample
 * (DESIGN.md decision 9).
 */
public final class MetricsCache {
    private final Map<Long, ProcessMetrics> byPid = new ConcurrentHashMap<>();

    public ProcessMetrics get(long pid) {
        return byPid.get(pid);
    }

    void put(long pid, ProcessMetrics metrics) {
        byPid.put(pid, metrics);
    }

    /** Forgets pids no longer sampled, so the cache does not grow with every restart. */
    void retainOnly(java.util.Set<Long> pids) {
        byPid.keySet().retainAll(pids);
    }
}
