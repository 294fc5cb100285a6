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
 */
final class ConnectionLimit {
    private static final int RESERVE_MAX = 1_000;
    /** When the limit cannot be read: what a soft limit of 1,024 gives. */
    private static final int FALLBACK = 384;

    private ConnectionLimit() {
    }

    static int defaultPerPort() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix) || unix.getMaxFileDescriptorCount() <= 0) {
            return FALLBACK;
        }
        return forDescriptors(unix.getMaxFileDescriptorCount());
    }

    static int forDescriptors(long maxDescriptors) {
        long reserve = Math.min(RESERVE_MAX, maxDescriptors / 4);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (maxDescriptors - reserve) / 2));
    }
}
