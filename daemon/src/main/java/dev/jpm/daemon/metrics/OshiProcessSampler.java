package dev.jpm.daemon.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Samples processes through OSHI. CPU is computed from the change in each process's user and
 * kernel time over the wall time between two samples, so 100 means one full core, as top shows it.
 * Children of an instance (a JVM that forks a helper) are counted with it; their list is refreshed
 * every few samples because finding them means scanning the process table.
 */
public final class OshiProcessSampler implements ProcessSampler {
    private static final int CHILDREN_REFRESH_EVERY = 5;

    private final OperatingSystem os = new SystemInfo().getOperatingSystem();
    private final Map<Long, Long> previousCpuMillis = new HashMap<>();
    private final Map<Long, List<Long>> childrenOf = new HashMap<>();
    private long previousNanos;
    private int samples;

    @Override
    public Map<Long, ProcessMetrics> sample(Set<Long> pids) {
        long now = System.nanoTime();
        double elapsedMs = previousNanos == 0 ? 0 : (now - previousNanos) / 1e6;
        previousNanos = now;
        boolean refreshChildren = samples++ % CHILDREN_REFRESH_EVERY == 0;
        Map<Long, ProcessMetrics> result = new HashMap<>();
        Map<Long, Long> cpuNow = new HashMap<>();
        for (long pid : pids) {
            if (refreshChildren || !childrenOf.containsKey(pid)) {
                childrenOf.put(pid, ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList())
                        .orElse(List.of()));
            }
            OSProcess process = os.getProcess((int) pid);
            if (process == null) {
                continue;
            }
            long cpuMillis = process.getKernelTime() + process.getUserTime();
            long rss = process.getResidentSetSize();
            for (long child : childrenOf.get(pid)) {
                OSProcess c = os.getProcess((int) child);
                if (c != null) {
                    cpuMillis += c.getKernelTime() + c.getUserTime();
                    rss += c.getResidentSetSize();
                }
            }
            cpuNow.put(pid, cpuMillis);
            Long before = previousCpuMillis.get(pid);
            double cpu = before == null || elapsedMs <= 0 ? 0 : Math.max(0, (cpuMillis - before) * 100.0 / elapsedMs);
            result.put(pid, new ProcessMetrics(Math.round(cpu * 10) / 10.0, rss));
        }
        previousCpuMillis.clear();
        previousCpuMillis.putAll(cpuNow);
        childrenOf.keySet().retainAll(pids);
        return result;
    }
}
