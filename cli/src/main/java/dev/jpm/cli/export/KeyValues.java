package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.JvmSettings;
import dev.jpm.protocol.ecosystem.LivenessSettings;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.ecosystem.StopSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An app's value for each key, as text, or null when the app leaves the key at its default: what
 * the warnings show for a key that is not carried over ("demo sets strategy: least_conn"). The
 * model keeps no trace of which keys the file named, so "set" means "differs from the default".
 */
final class KeyValues {
    private final Map<String, Function<AppSpec, String>> readers = new LinkedHashMap<>();

    /**
     * @param folder      the ecosystem file's folder, the default {@code cwd}
     * @param defaultJava the java an app without a {@code java} key runs with
     */
    KeyValues(Path folder, String defaultJava) {
        RestartSettings restart = RestartSettings.DEFAULTS;
        read("name", AppSpec::name);
        read("jar", AppSpec::jar);
        read("args", app -> app.args().isEmpty() ? null : String.join(" ", app.args()));
        read("jvm_args", app -> app.jvmArgs().isEmpty() ? null : String.join(" ", app.jvmArgs()));
        read("java", app -> Objects.equals(app.java(), defaultJava) ? null : app.java());
        read("cwd", app -> Path.of(app.cwd()).equals(folder) ? null : app.cwd());
        read("instances", app -> app.instances() == 1 ? null : Integer.toString(app.instances()));
        read("env", app -> app.env().isEmpty() ? null : String.join(", ", app.env().keySet().stream().sorted().toList()));
        // merged into env by the reader when --env names the profile; the model keeps no other trace of it
        read("env_<profile>", app -> null);
        read("autorestart", app -> app.restart().autorestart() ? null : "false");
        read("max_restarts", app -> differs(app.restart().maxRestarts(), restart.maxRestarts()));
        read("min_uptime", app -> duration(app.restart().minUptimeMs(), restart.minUptimeMs()));
        read("restart_delay", app -> duration(app.restart().restartDelayMs(), restart.restartDelayMs()));
        read("exp_backoff_restart_delay", app -> duration(app.restart().expBackoffRestartDelayMs(), 0));
        read("max_memory_restart", app -> app.restart().maxMemoryRestartBytes() == 0 ? null
                : Quantities.bytes(app.restart().maxMemoryRestartBytes(), "K", "M", "G"));
        read("kill_timeout", app -> duration(app.restart().killTimeoutMs(), restart.killTimeoutMs()));
        cluster("port", c -> Integer.toString(c.port()));
        cluster("host", c -> ClusterSettings.ALL_INTERFACES.equals(c.host()) ? null : c.host());
        cluster("strategy", c -> c.strategy() == ClusterSettings.Strategy.ROUND_ROBIN ? null : lower(c.strategy()));
        cluster("health_path", ClusterSettings::healthPath);
        cluster("listen_timeout", c -> duration(c.listenTimeoutMs(), ClusterSettings.DEFAULT_LISTEN_TIMEOUT_MS));
        cluster("max_connections", c -> c.maxConnections() == 0 ? null : Integer.toString(c.maxConnections()));
        cluster("protocol", c -> c.protocol() == ClusterSettings.Protocol.TCP ? null : lower(c.protocol()));
        cluster("forwarded", c -> c.protocol() == ClusterSettings.Protocol.HTTP && !c.forwarded() ? "false" : null);
        cluster("proxy_protocol", c -> c.proxyProtocol() == ClusterSettings.ProxyProtocol.NONE ? null : lower(c.proxyProtocol()));
        read("log_max_size", app -> app.logs().maxSizeBytes() == LogSettings.DEFAULTS.maxSizeBytes() ? null
                : Quantities.bytes(app.logs().maxSizeBytes(), "K", "M", "G"));
        read("log_retain", app -> differs(app.logs().retain(), LogSettings.DEFAULTS.retain()));
        read("out_file", app -> app.logs().outFile());
        read("err_file", app -> app.logs().errFile());
        read("log_date_format", app -> app.logs().dateFormat());
        stopAndLiveness();
        jvm();
    }

    /** Issue 14's keys, by the names the issue gives them. */
    private void stopAndLiveness() {
        LivenessSettings liveness = LivenessSettings.DEFAULTS;
        read("stop_signal", app -> StopSettings.DEFAULT_SIGNAL.equals(app.stop().signal()) ? null : app.stop().signal());
        read("stop_exit_codes", app -> app.stop().exitCodes().isEmpty() ? null : app.stop().exitCodes().toString());
        read("health_url", app -> app.liveness().healthUrl());
        read("health_interval", app -> duration(app.liveness().intervalMs(), liveness.intervalMs()));
        read("health_timeout", app -> duration(app.liveness().timeoutMs(), liveness.timeoutMs()));
        read("health_failures", app -> differs(app.liveness().failures(), liveness.failures()));
        read("cron_restart", app -> app.restart().cronRestart());
    }

    /** Issue 10's keys, by the names the issue gives them. */
    private void jvm() {
        read("heap_dump_on_oom", app -> app.jvm().heapDumpOnOom() ? "true" : null);
        read("dump_retain", app -> differs(app.jvm().dumpRetain(), JvmSettings.DEFAULT_DUMP_RETAIN));
        read("cds", app -> app.jvm().cds() == JvmSettings.Cds.OFF ? null : lower(app.jvm().cds()));
        read("gc_log", app -> app.jvm().gcLog() ? "true" : null);
    }

    /** The app's value of the key as text, or null at the default (and for a key this class does not know). */
    String valueOf(String key, AppSpec app) {
        Function<AppSpec, String> reader = readers.get(key);
        return reader == null ? null : reader.apply(app);
    }

    boolean knows(String key) {
        return readers.containsKey(key);
    }

    private void read(String key, Function<AppSpec, String> reader) {
        readers.put(key, reader);
    }

    private void cluster(String key, Function<ClusterSettings, String> reader) {
        readers.put(key, app -> app.cluster() == null ? null : reader.apply(app.cluster()));
    }

    private static String differs(long value, long byDefault) {
        return value == byDefault ? null : Long.toString(value);
    }

    private static String duration(long ms, long byDefault) {
        return ms == byDefault ? null : Quantities.duration(ms);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
