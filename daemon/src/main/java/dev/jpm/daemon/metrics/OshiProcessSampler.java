package dev.jpm.daemon.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Samples processes through OSHI. CPU is computed from the change in each process's user and
 * kernel time over the wall time since that process's previous sample, so 100 means one full
 * core, as top shows it, however long the interval. Children of an instance (a JVM that forks a
 * helper) are counted with it. Finding them means reading the whole process table, so that is
 * done once for all instances, and only every few seconds: asking each instance for its
 * descendants scanned the table once per instance and cost 50 times as much at 50 instances.
 */
public final class OshiProcessSampler implements ProcessSampler {
    private static final long CHILDREN_REFRESH_NANOS = 5_000_000_000L;

    /** What the CPU of the next sample is measured against. */
    private record Previous(long cpuMillis, long atNanos) {
    }

    private final OperatingSystem os = new SystemInfo().getOperatingSystem();
    private final Map<Long, Previous> previous = new HashMap<>();
    private Map<Long, List<Long>> childrenByParent = Map.of();
    private long childrenReadAt;

    @Override
    public Map<Long, ProcessMetrics> sample(Set<Long> pids) {
        long now = System.nanoTime();
        if (childrenReadAt == 0 || now - childrenReadAt > CHILDREN_REFRESH_NANOS) {
            childrenByParent = readChildren();
            childrenReadAt = now;
        }
        Map<Long, ProcessMetrics> result = new HashMap<>();
        for (long pid : pids) {
            OSProcess process = os.getProcess((int) pid);
            if (process == null) {
                continue;
            }
            long cpuMillis = process.getKernelTime() + process.getUserTime();
            long rss = process.getResidentSetSize();
            for (long child : descendants(pid)) {
                OSProcess c = os.getProcess((int) child);
                if (c != null) {
                    cpuMillis += c.getKernelTime() + c.getUserTime();
                    rss += c.getResidentSetSize();
                }
            }
            Previous before = previous.put(pid, new Previous(cpuMillis, now));
            double elapsedMs = before == null ? 0 : (now - before.atNanos()) / 1e6;
            double cpu = elapsedMs <= 0 ? 0 : Math.max(0, (cpuMillis - before.cpuMillis()) * 100.0 / elapsedMs);
            result.put(pid, new ProcessMetrics(Math.round(cpu * 10) / 10.0, rss));
        }
        return result;
    }

    @Override
    public void retain(Set<Long> livePids) {
        previous.keySet().retainAll(livePids);
    }

    private List<Long> descendants(long pid) {
        List<Long> found = new ArrayList<>();
        ArrayDeque<Long> todo = new ArrayDeque<>(childrenByParent.getOrDefault(pid, List.of()));
        while (!todo.isEmpty()) {
            long child = todo.poll();
            found.add(child);
            todo.addAll(childrenByParent.getOrDefault(child, List.of()));
        }
        return found;
    }

    /** One pass over the process table: each process's children. */
    private static Map<Long, List<Long>> readChildren() {
        Map<Long, List<Long>> children = new HashMap<>();
        ProcessHandle.allProcesses().forEach(p -> p.parent()
                .ifPresent(parent -> children.computeIfAbsent(parent.pid(), k -> new ArrayList<>()).add(p.pid())));
        return children;
    }
}
