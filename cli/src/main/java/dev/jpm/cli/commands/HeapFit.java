package dev.jpm.cli.commands;

import dev.jpm.protocol.ecosystem.Sizes;
import java.util.List;
import java.util.Optional;

/**
 * Whether an app's JVM fits under its {@code max_memory_restart}: a limit on the RSS, which holds
 * the whole heap once it fills, plus what the JVM uses outside it. An app whose heap may grow
 * past the limit is restarted for using the memory it was given, again and again, and the fix
 * is a number: the {@code -Xmx} that fits.
 *
 * <p>Outside the heap we count {@value #NON_HEAP_FIXED_MIB} MiB plus a tenth of the heap, what a
 * warmed-up framework web app uses: metaspace and class space about 64 MiB (a Spring Boot web app
 * loads some 10,000 classes at ~6 KiB each), the JIT's code cache about 32 MiB, thread stacks about
 * 16 MiB (some 40 threads touching ~0.4 MiB each), the JVM's own libraries and malloc about 16 MiB;
 * and the collector's tables (card table, mark bitmap, remembered sets) a tenth of the heap. A
 * small app uses less (the demo: 52 MiB beside a 64 MiB heap, by NMT), so the warning errs on the
 * side of the heap filling up, which is the case that costs restarts.
 */
final class HeapFit {
    static final long NON_HEAP_FIXED_MIB = 128;
    private static final long MIB = 1 << 20;
    /** HotSpot's MaxRAMPercentage default: with no -Xmx the heap may grow to a quarter of the memory it sees. */
    static final double DEFAULT_MAX_RAM_PERCENTAGE = 25;

    private HeapFit() {
    }

    /** The heap's limit and where it comes from, for the warning's words. */
    record MaxHeap(long bytes, String source) {
    }

    /** The JVM's max heap from the options, the last of each winning as in HotSpot; else its default for {@code memoryBytes}. */
    static MaxHeap maxHeap(List<String> jvmOptions, long memoryBytes) {
        String explicit = null;
        Double percentage = null;
        for (String option : jvmOptions) {
            if (option.startsWith("-Xmx")) {
                explicit = option;
            } else if (option.startsWith("-XX:MaxHeapSize=")) {
                explicit = option;
            } else if (option.startsWith("-XX:MaxRAMPercentage=")) {
                try {
                    percentage = Double.parseDouble(option.substring("-XX:MaxRAMPercentage=".length()));
                } catch (NumberFormatException e) {
                    // the JVM will refuse it at launch and say why
                }
            }
        }
        if (explicit != null) {
            String value = explicit.startsWith("-Xmx") ? explicit.substring(4) : explicit.substring("-XX:MaxHeapSize=".length());
            try {
                return new MaxHeap(Sizes.parseBytes(value), explicit);
            } catch (IllegalArgumentException e) {
                // not a size the JVM takes either: it fails at launch with its own message
            }
        }
        double percent = percentage == null ? DEFAULT_MAX_RAM_PERCENTAGE : percentage;
        return new MaxHeap((long) (memoryBytes * percent / 100), "the JVM's default max heap (" + trim(percent)
                + "% of the " + mib(memoryBytes) + " it sees)");
    }

    /** What the JVM's RSS may reach with a full heap of {@code heapBytes}. */
    static long expectedRss(long heapBytes) {
        return heapBytes + NON_HEAP_FIXED_MIB * MIB + heapBytes / 10;
    }

    /** The largest whole-MiB heap whose expected RSS stays within {@code limitBytes}, or 0 when none does. */
    static long fittingHeap(long limitBytes) {
        long room = limitBytes - NON_HEAP_FIXED_MIB * MIB;
        return room <= 0 ? 0 : (room * 10 / 11) / MIB * MIB;
    }

    /** The warning, when the heap may fill past the limit. */
    static Optional<String> warning(String app, List<String> jvmOptions, long limitBytes, long memoryBytes) {
        if (limitBytes <= 0) {
            return Optional.empty();
        }
        MaxHeap heap = maxHeap(jvmOptions, memoryBytes);
        long rss = expectedRss(heap.bytes());
        if (rss <= limitBytes) {
            return Optional.empty();
        }
        long fits = fittingHeap(limitBytes);
        String fix = fits == 0
                ? "no heap fits under it: raise max_memory_restart to at least " + mib(expectedRss(64 * MIB)) + " (a 64 MiB heap)"
                : "-Xmx" + fits / MIB + "m would fit";
        return Optional.of("app '" + app + "': " + heap.source() + " plus about " + mib(rss - heap.bytes())
                + " outside the heap (metaspace, code cache, threads, GC) can reach " + mib(rss) + ", over max_memory_restart ("
                + mib(limitBytes) + "): it would be restarted once its heap fills; " + fix);
    }

    private static String mib(long bytes) {
        return (bytes / MIB) + " MiB";
    }

    private static String trim(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
