package dev.jpm.daemon.metrics;

import java.util.Map;
import java.util.Set;

/** Reads the OS's figures for processes; an interface so tests can stand in for the OS. */
public interface ProcessSampler {
    /**
     * CPU and resident memory of each pid's process tree since the previous call. Pids that no
     * longer exist are absent from the answer.
     */
    Map<Long, ProcessMetrics> sample(Set<Long> pids);

    /** Forgets what it kept of processes no longer live. */
    default void retain(Set<Long> livePids) {
    }
}
