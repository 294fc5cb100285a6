package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.metrics.jvm.PerfDataFile;
import dev.jpm.daemon.policy.Clock;
import dev.jpm.daemon.policy.ReplacementWait;
import dev.jpm.protocol.wire.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The readiness probe's patience with a reload's replacement ({@link ReplacementWait}): about once
 * a second it reads what the process has done, its CPU time from the OS and its loaded classes
 * from the JVM's hsperfdata file (the counter jstat -class shows), and publishes that as a
 * {@code starting} event for the CLI. Used on the probe's thread only; the published map is read
 * by request threads.
 */
final class ReplacementProgress implements ReadinessProbe.Patience {
    private static final long SAMPLE_EVERY_MS = 1_000;
    private static final Path HSPERFDATA = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"));

    private final String label;
    private final int instanceId;
    private final ProcessHandle process;
    private final ReplacementWait wait;
    private final Clock clock;
    private final Map<Integer, Events.Starting> published;
    private PerfDataFile counters;
    /** Half of MIN_VALUE: the first "now - lastSampleAt" samples at once and does not overflow. */
    private long lastSampleAt = Long.MIN_VALUE / 2;

    ReplacementProgress(Instance instance, ProcessHandle process, Clock clock, Map<Integer, Events.Starting> published) {
        this.label = instance.label();
        this.instanceId = instance.id;
        this.process = process;
        this.clock = clock;
        this.wait = new ReplacementWait(instance.app.spec.cluster().listenTimeoutMs(), clock);
        this.published = published;
    }

    /** Where the replacements being waited for publish their progress: instance id → latest. */
    static Map<Integer, Events.Starting> board() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public Optional<String> giveUp() {
        if (!process.isAlive()) {
            published.remove(instanceId);
            return Optional.of("its process ended");
        }
        long now = clock.nowMillis();
        if (now - lastSampleAt >= SAMPLE_EVERY_MS) {
            lastSampleAt = now;
            long cpu = process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
            long classes = classesLoaded();
            wait.sample(cpu, classes);
            published.put(instanceId, new Events.Starting(label, wait.elapsedMillis(), cpu, classes));
        }
        Optional<String> reason = wait.giveUp();
        reason.ifPresent(r -> published.remove(instanceId));
        return reason;
    }

    /** The replacement came online (or the wait ended otherwise): nothing more to show. */
    void done() {
        published.remove(instanceId);
    }

    /** The JVM's loaded classes; -1 while it has no hsperfdata file (not yet, or -XX:-UsePerfData). */
    private long classesLoaded() {
        try {
            if (counters == null) {
                Path file = HSPERFDATA.resolve(Long.toString(process.pid()));
                if (!Files.isRegularFile(file)) {
                    return -1;
                }
                counters = PerfDataFile.open(file);
            }
            if (!counters.accessible()) {
                return -1;
            }
            // jstat -class's "Loaded": classes loaded from the CDS archive are counted apart
            OptionalLong loaded = counters.readLong("java.cls.loadedClasses");
            OptionalLong shared = counters.readLong("java.cls.sharedLoadedClasses");
            return loaded.isPresent() ? loaded.getAsLong() + shared.orElse(0) : -1;
        } catch (IOException | RuntimeException e) {
            counters = null;
            return -1;
        }
    }

    /** The published progress of every replacement being waited for now. */
    static List<Events.Starting> snapshot(Map<Integer, Events.Starting> published) {
        return List.copyOf(published.values());
    }
}
