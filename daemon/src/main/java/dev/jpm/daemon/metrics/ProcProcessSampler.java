package dev.jpm.daemon.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Samples processes from {@code /proc}: CPU time from {@code stat}, resident memory from
 * {@code status}. CPU is computed from the change in each process's user and kernel time over
 * the wall time since that process's previous sample, so 100 means one full core, as top shows
 * it, however long the interval. Children of an instance (a JVM that forks a helper) are counted
 * with it. Finding them means reading the whole process table, so that is done once for all
 * instances, and only every few seconds: asking each instance for its descendants scanned the
 * table once per instance and cost 50 times as much at 50 instances.
 *
 * <p>This was OSHI until issue 13: for these two figures OSHI brought JNA, its native library and
 * SLF4J into the daemon, 9.7 MB of its resident memory (a JVM sampling one pid, OSHI vs none,
 * bench/RESULTS.md), and the daemon runs on Linux only (Unix sockets, /proc everywhere else).
 * Owned by the sampler thread.
 */
public final class ProcProcessSampler implements ProcessSampler {
    private static final long CHILDREN_REFRESH_NANOS = 5_000_000_000L;
    /**
     * The unit of the times in {@code /proc/<pid>/stat}: USER_HZ, which the kernel fixes at 100
     * for user space whatever its own tick rate, on every architecture a JDK 17 runs on.
     * ProcProcessSamplerTest holds it against the JDK's reading, which asks sysconf.
     */
    static final long TICKS_PER_SECOND = 100;

    /** What the CPU of the next sample is measured against. */
    private record Previous(long cpuMillis, long atNanos) {
    }

    /** One process's own figures. */
    record Reading(long cpuMillis, long rssBytes) {
    }

    private final Path proc;
    private final Map<Long, Previous> previous = new HashMap<>();
    private Map<Long, List<Long>> childrenByParent = Map.of();
    private long childrenReadAt;

    public ProcProcessSampler() {
        this(Path.of("/proc"));
    }

    ProcProcessSampler(Path proc) {
        this.proc = proc;
    }

    @Override
    public Map<Long, ProcessMetrics> sample(Set<Long> pids) {
        long now = System.nanoTime();
        if (childrenReadAt == 0 || now - childrenReadAt > CHILDREN_REFRESH_NANOS) {
            childrenByParent = readChildren();
            childrenReadAt = now;
        }
        Map<Long, ProcessMetrics> result = new HashMap<>();
        for (long pid : pids) {
            Reading own = read(pid);
            if (own == null) {
                continue;
            }
            long cpuMillis = own.cpuMillis();
            long rss = own.rssBytes();
            for (long child : descendants(pid)) {
                Reading c = read(child);
                if (c != null) {
                    cpuMillis += c.cpuMillis();
                    rss += c.rssBytes();
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

    /** The process's CPU time and resident memory, or null when it is gone (or was never there). */
    Reading read(long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        try {
            OptionalLong cpu = cpuMillis(Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1));
            OptionalLong rss = rssBytes(Files.readString(dir.resolve("status"), StandardCharsets.ISO_8859_1));
            if (cpu.isEmpty()) {
                return null;
            }
            return new Reading(cpu.getAsLong(), rss.orElse(0));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * utime + stime, fields 14 and 15 of {@code stat}, in ms. They are counted after the last
     * {@code )}: the name before it is the program's own and may hold spaces and parentheses.
     */
    static OptionalLong cpuMillis(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return OptionalLong.empty();
        }
        // after ") " comes field 3 (state); utime is field 14, so 11 fields further
        int field = 3;
        int i = end + 2;
        long ticks = 0;
        while (i < stat.length() && field <= 15) {
            int next = stat.indexOf(' ', i);
            if (next < 0) {
                next = stat.length();
            }
            if (field == 14 || field == 15) {
                try {
                    ticks += Long.parseLong(stat, i, next, 10);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
            field++;
            i = next + 1;
        }
        return field > 15 ? OptionalLong.of(ticks * 1000 / TICKS_PER_SECOND) : OptionalLong.empty();
    }

    /** {@code VmRSS} of {@code status}, in bytes; absent for a zombie or a kernel thread, which have no memory. */
    static OptionalLong rssBytes(String status) {
        int at = status.indexOf("\nVmRSS:");
        if (at < 0) {
            return OptionalLong.empty();
        }
        int i = at + "\nVmRSS:".length();
        while (i < status.length() && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) {
            i++;
        }
        int digits = i;
        while (digits < status.length() && Character.isDigit(status.charAt(digits))) {
            digits++;
        }
        if (digits == i) {
            return OptionalLong.empty();
        }
        // the kernel writes "kB" and means KiB
        return OptionalLong.of(Long.parseLong(status, i, digits, 10) * 1024);
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
