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
