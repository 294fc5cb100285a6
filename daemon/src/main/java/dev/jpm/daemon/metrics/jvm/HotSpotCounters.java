package dev.jpm.daemon.metrics.jvm;

import dev.jpm.daemon.metrics.JvmMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns the counters of one {@link PerfDataFile} into {@link JvmMetrics}, the way {@code jstat -gc}
 * does: heap used and committed are the sums over every space of every generation, and GC figures
 * sum every collector (young, full and concurrent), their time converted from ticks with
 * {@code sun.os.hrt.frequency}. The ceiling is the sum of the generations' max capacities, except
 * for G1, whose young and old generations may each grow to the whole heap. Generations and
 * collectors are numbered with gaps (ZGC publishes only generation 1 and collector 2). The counters'
 * offsets are found once; each {@link #read()} then reads a handful of longs.
 */
final class HotSpotCounters {
    /** Generations and collectors are looked for under these numbers. */
    private static final int MAX_INDEX = 4;

    private final PerfDataFile file;
    private final int[] used;
    private final int[] committed;
    private final int[] max;
    private final int[] gcCount;
    private final int[] gcTicks;
    private final int threads;
    private final long ticksPerSecond;

    private HotSpotCounters(PerfDataFile file, int[] used, int[] committed, int[] max, int[] gcCount, int[] gcTicks,
            int threads, long ticksPerSecond) {
        this.file = file;
        this.used = used;
        this.committed = committed;
        this.max = max;
        this.gcCount = gcCount;
        this.gcTicks = gcTicks;
        this.threads = threads;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Empty while the JVM is still starting or when it publishes no heap, GC or thread counters. */
    static Optional<HotSpotCounters> of(PerfDataFile file) {
        if (!file.accessible()) {
            return Optional.empty();
        }
        List<Integer> used = new ArrayList<>();
        List<Integer> committed = new ArrayList<>();
        List<Integer> max = new ArrayList<>();
        for (int gen = 0; gen < MAX_INDEX; gen++) {
            String g = "sun.gc.generation." + gen;
            long spaces = file.readLong(g + ".spaces").orElse(0);
            for (int space = 0; space < spaces; space++) {
                add(used, file, g + ".space." + space + ".used");
                add(committed, file, g + ".space." + space + ".capacity");
            }
            add(max, file, g + ".maxCapacity");
        }
        if ("GarbageFirst".equals(file.readString("sun.gc.policy.name")) && max.size() > 1) {
            max = List.of(max.stream().max((a, b) -> Long.compare(file.longAt(a), file.longAt(b))).get());
        }
        List<Integer> count = new ArrayList<>();
        List<Integer> ticks = new ArrayList<>();
        for (int c = 0; c < MAX_INDEX; c++) {
            add(count, file, "sun.gc.collector." + c + ".invocations");
            add(ticks, file, "sun.gc.collector." + c + ".time");
        }
        Integer threads = file.offsetOf("java.threads.live");
        OptionalLong frequency = file.readLong("sun.os.hrt.frequency");
        if (used.isEmpty() || count.isEmpty() || threads == null || frequency.orElse(0) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new HotSpotCounters(file, ints(used), ints(committed), ints(max), ints(count), ints(ticks),
                threads, frequency.getAsLong()));
    }

    JvmMetrics read() {
        long ticks = sum(gcTicks);
        return new JvmMetrics(sum(used), sum(committed), sum(max), sum(gcCount), ticks * 1000 / ticksPerSecond,
                file.longAt(threads));
    }

    private long sum(int[] offsets) {
        long total = 0;
        for (int offset : offsets) {
            total += file.longAt(offset);
        }
        return total;
    }

    private static void add(List<Integer> offsets, PerfDataFile file, String name) {
        Integer offset = file.offsetOf(name);
        if (offset != null) {
            offsets.add(offset);
        }
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
