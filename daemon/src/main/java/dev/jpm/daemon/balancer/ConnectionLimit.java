package dev.jpm.daemon.balancer;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many client connections a public port holds when its app sets no {@code max_connections}:
 * as many as the daemon's file descriptors allow. Each client costs two, its own socket and the
 * one to the instance, and a reserve stays for everything else the daemon opens (control
 * clients, instance logs, jars, /proc): a quarter of the limit, at most {@value #RESERVE_MAX}.
 *
 * <p>The limit read is the daemon's soft one, which HotSpot on Linux raises to the hard limit
 * at start (-XX:+MaxFDLimit, on by default): a daemon started from a shell whose soft limit is
 * 1,024 under a hard limit of 20,000 shows "Max open files 20000 20000" in /proc/&lt;pid&gt;/limits,
 * and gets a default of 9,500 connections per port. Ports share the descriptors; should they run
 * out all the same, accepts pause and new clients wait in the backlog ({@link Acceptor}).
 *
 * <p>Descriptors are not the only bound: under systemd's usual hard limit of 524,288 the rule
 * above gives 261,000 connections a port, and an idle connection costs about 1.5 KB of heap
 * (two channels, their selection keys, the pipe and its endpoints), so the daemon's 256 MB heap
 * would run out first. The default is therefore also capped at one connection per
 * {@value #HEAP_BYTES_PER_CONNECTION} bytes of maximum heap (65,536 at -Xmx256m), leaving room for
 * everything else the heap holds.
 */
final class ConnectionLimit {
    private static final int RESERVE_MAX = 1_000;
    /** When the limit cannot be read: what a soft limit of 1,024 gives. */
    private static final int FALLBACK = 384;
    /** Heap set aside per connection in the default: about two and a half times what one costs. */
    static final long HEAP_BYTES_PER_CONNECTION = 4 * 1024;

    private ConnectionLimit() {
    }

    static int defaultPerPort() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix) || unix.getMaxFileDescriptorCount() <= 0) {
            return FALLBACK;
        }
        return Math.min(forDescriptors(unix.getMaxFileDescriptorCount()), forHeap(Runtime.getRuntime().maxMemory()));
    }

    static int forHeap(long maxHeapBytes) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxHeapBytes / HEAP_BYTES_PER_CONNECTION));
    }

    static int forDescriptors(long maxDescriptors) {
        long reserve = Math.min(RESERVE_MAX, maxDescriptors / 4);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (maxDescriptors - reserve) / 2));
    }
}
