package dev.jpm.cli.startup;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The unit's TimeoutStopSec: after it systemd SIGKILLs the daemon, cutting short the graceful
 * stop of the instances it is still waiting on. The daemon stops every instance at once, each
 * within its kill_timeout, then sweeps any stray process of the home with the default
 * kill_timeout (Supervisor.stopEverything); so the stop takes at most the largest kill_timeout
 * plus 5 s. The margin of 15 s covers that sweep and the JVM's own exit with room to spare.
 * The apps counted are those {@code jpm save} kept, the ones the unit brings back at boot;
 * {@code jpm startup} is run again after a kill_timeout grows.
 */
public final class StopTimeout {
    static final long MARGIN_SEC = 15;

    private StopTimeout() {
    }

    /** Seconds, for the saved apps of {@code dumpFile} (the defaults when nothing is saved). */
    public static long forSavedApps(Path dumpFile) throws IOException {
        return forApps(savedApps(dumpFile));
    }

    static long forApps(List<AppSpec> apps) {
        long largestMs = RestartSettings.DEFAULTS.killTimeoutMs();
        for (AppSpec app : apps) {
            largestMs = Math.max(largestMs, app.restart().killTimeoutMs());
        }
        return (largestMs + 999) / 1000 + MARGIN_SEC;
    }

    private static List<AppSpec> savedApps(Path dumpFile) throws IOException {
        if (!Files.isRegularFile(dumpFile)) {
            return List.of();
        }
        Saved saved = RecordCodec.fromJson(Saved.class, Json.parse(Files.readString(dumpFile, StandardCharsets.UTF_8)));
        return saved.apps();
    }

    /** dump.json as the CLI reads it: only its apps (the daemon's own type stays in the daemon); public for RecordCodec. */
    public record Saved(List<AppSpec> apps) {
    }
}
