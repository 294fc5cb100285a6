package dev.jpm.daemon.metrics.jvm;

import dev.jpm.daemon.metrics.JvmMetrics;
import dev.jpm.daemon.metrics.JvmSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JVM figures of instances read from the performance-data files HotSpot shares with jstat, so the
 * apps need no agent and no JMX port. On Linux HotSpot always puts the file under
 * {@code /tmp/hsperfdata_<user>/<pid>}, whatever the app's {@code java.io.tmpdir}; instances run as
 * the daemon's user. A JVM started with {@code -XX:-UsePerfData} or
 * {@code -XX:+PerfDisableSharedMem}, or one that is not HotSpot, has no such file and is left out.
 * Each pid's file is mapped and indexed once; a missing one costs a stat per sample until it appears.
 */
public final class HsPerfDataSampler implements JvmSampler {
    private final Path folder;
    private final Map<Long, HotSpotCounters> counters = new HashMap<>();

    public HsPerfDataSampler(Path folder) {
        this.folder = folder;
    }

    /** The folder of the current user's JVMs on this machine. */
    public static HsPerfDataSampler forCurrentUser() {
        return new HsPerfDataSampler(Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name")));
    }

    @Override
    public Map<Long, JvmMetrics> sample(Set<Long> pids) {
        counters.keySet().retainAll(pids);
        Map<Long, JvmMetrics> result = new HashMap<>();
        for (long pid : pids) {
            HotSpotCounters c = counters.get(pid);
            if (c == null) {
                c = open(pid);
            }
            if (c != null) {
                try {
                    result.put(pid, c.read());
                } catch (RuntimeException | InternalError e) {
                    // a mapping gone bad (the file shrank under us): forget it and look again later
                    counters.remove(pid);
                }
            }
        }
        return result;
    }

    private HotSpotCounters open(long pid) {
        Optional<HotSpotCounters> found = Optional.empty();
        Path file = folder.resolve(Long.toString(pid));
        if (Files.isRegularFile(file)) {
            try {
                found = HotSpotCounters.of(PerfDataFile.open(file));
            } catch (IOException | RuntimeException e) {
                found = Optional.empty();
            }
        }
        found.ifPresent(c -> counters.put(pid, c));
        return found.orElse(null);
    }
}
