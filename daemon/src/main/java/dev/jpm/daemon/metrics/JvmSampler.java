package dev.jpm.daemon.metrics;

import java.util.Map;
import java.util.Set;

/** Reads JVM figures of processes without touching them; an interface so tests can stand in. */
public interface JvmSampler {
    /** Figures for each pid that publishes them; pids that do not (not a JVM, perf data off) are absent. */
    Map<Long, JvmMetrics> sample(Set<Long> pids);

    static JvmSampler none() {
        return pids -> Map.of();
    }
}
