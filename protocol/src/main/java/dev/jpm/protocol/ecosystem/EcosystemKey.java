package dev.jpm.protocol.ecosystem;

import java.util.Locale;
import java.util.Optional;

/**
 * Every key an app may have in ecosystem.yaml, defined once: its YAML name, the kind of value it
 * takes, its default and what it means. The reader validates against this list and the README's
 * reference table is generated from it ({@code EcosystemReference}).
 */
public enum EcosystemKey {
    NAME("name", Kind.STRING, "required", "Unique name of the app; used in commands and log file names."),
    JAR("jar", Kind.STRING, "required", "Path of the jar to run with `java -jar`; relative to the YAML file's folder."),
    ARGS("args", Kind.STRING_LIST, "[]", "Arguments after the jar. `${PORT}` is replaced by the instance's internal port, `${INSTANCE_ID}` by its index (0..n-1)."),
    JVM_ARGS("jvm_args", Kind.STRING_LIST, "[]", "JVM options before `-jar`, e.g. `[-Xmx256m]`. `${PORT}` and `${INSTANCE_ID}` are replaced too."),
    JAVA("java", Kind.STRING, "the java running jpm", "Path of the java binary."),
    CWD("cwd", Kind.STRING, "the YAML file's folder", "Working folder of the instances."),
    INSTANCES("instances", Kind.INT, "1", "Number of instances: N, 0 = one per core, -1 = one per core but one."),
    ENV("env", Kind.MAP, "{}", "Environment variables for every instance; `${PORT}` and `${INSTANCE_ID}` in values are replaced."),
    ENV_PROFILE("env_<profile>", Kind.MAP, "{}", "Merged over `env` when started with `--env <profile>`."),
    AUTORESTART("autorestart", Kind.BOOL, "true", "Restart an instance when it exits."),
    MAX_RESTARTS("max_restarts", Kind.INT, "15", "Unstable restarts (exit before `min_uptime`) in a row before the instance is `errored`."),
    MIN_UPTIME("min_uptime", Kind.DURATION, "1s", "An instance that exits sooner counts as an unstable start."),
    RESTART_DELAY("restart_delay", Kind.DURATION, "0", "Wait this long before each restart."),
    EXP_BACKOFF_RESTART_DELAY("exp_backoff_restart_delay", Kind.DURATION, "off",
            "First delay of an exponential backoff (x1.5 per restart, up to 15s; reset after 30s up)."),
    MAX_MEMORY_RESTART("max_memory_restart", Kind.SIZE, "off", "Restart an instance whose RSS stays above this, e.g. `300M`."),
    KILL_TIMEOUT("kill_timeout", Kind.DURATION, "5s", "Time between the stop signal and SIGKILL when stopping."),
    STOP_SIGNAL("stop_signal", Kind.STRING, "SIGTERM", "Signal that asks an instance to stop: `SIGTERM`, `SIGINT`, `SIGHUP`, `SIGUSR1` or `SIGUSR2`."),
    STOP_EXIT_CODES("stop_exit_codes", Kind.INT_LIST, "[]",
            "Exit codes that mean \"done\": an instance that exits with one is `stopped`, not restarted, e.g. `[0]`."),
    CRON_RESTART("cron_restart", Kind.CRON, "none",
            "Restart on a schedule in the daemon's local time, e.g. `0 3 * * *`; a rolling reload in cluster mode."),
    PORT("port", Kind.INT, "none", "Public port: turns on cluster mode, balanced by the daemon over the instances."),
    HOST("host", Kind.STRING, "0.0.0.0", "Interface the public port binds."),
    STRATEGY("strategy", Kind.STRING, "round_robin", "Balancing strategy: `round_robin` or `least_conn`."),
    HEALTH_PATH("health_path", Kind.STRING, "none",
            "HTTP path that must answer 2xx before an instance is online, and then every `health_interval` while it runs."),
    LISTEN_TIMEOUT("listen_timeout", Kind.DURATION, "30s", "How long an instance may take to accept connections."),
    MAX_CONNECTIONS("max_connections", Kind.INT, "from the fd and heap limits",
            "Clients the public port holds at once; at the limit a newcomer replaces the oldest silent one, or is refused."),
    PROTOCOL("protocol", Kind.STRING, "tcp",
            "`tcp`: each client connection goes whole to one instance; `http`: each request does, over pooled keep-alive connections."),
    FORWARDED("forwarded", Kind.BOOL, "true", "With `protocol: http`: add `X-Forwarded-For`/`-Proto`/`-Host`/`-Port` and `Forwarded` to requests."),
    PROXY_PROTOCOL("proxy_protocol", Kind.STRING, "none",
            "With `protocol: tcp`: send each connection's client address first as a PROXY protocol header, `v1` (text) or `v2` (binary)."),
    HEALTH_URL("health_url", Kind.STRING, "none",
            "Without a port: `http://` URL polled while an instance runs; `${PORT}` gives the instance a port of its own, as in cluster mode."),
    HEALTH_INTERVAL("health_interval", Kind.DURATION, "10s", "Time between two liveness checks of an instance."),
    HEALTH_TIMEOUT("health_timeout", Kind.DURATION, "2s", "A liveness check not answered 2xx by then has failed."),
    HEALTH_FAILURES("health_failures", Kind.INT, "3", "Failed liveness checks in a row after which the instance is replaced."),
    LOG_MAX_SIZE("log_max_size", Kind.SIZE, "10M", "Rotate a log file past this size."),
    LOG_RETAIN("log_retain", Kind.INT, "5", "Rotated (gzipped) log files kept per stream."),
    HEAP_DUMP_ON_OOM("heap_dump_on_oom", Kind.BOOL, "false",
            "Write a heap dump into `$JPM_HOME/dumps/<app>/` when an instance runs out of heap (before it exits and is restarted)."),
    DUMP_RETAIN("dump_retain", Kind.INT, "3", "Heap dumps, thread dumps and recordings kept per app and kind; older ones are deleted."),
    CDS("cds", Kind.STRING, "off",
            "`auto`: a class-data archive made on the app's first run and used by the next ones (JDK 19+; skipped on older JDKs)."),
    GC_LOG("gc_log", Kind.BOOL, "false", "Rotated GC logs per instance beside its logs: `<app>-<id>-gc.log`, 5 files of 10 MB."),
    OUT_FILE("out_file", Kind.STRING, "`JPM_HOME/logs/<name>-<id>-out.log`",
            "File for stdout, relative to the YAML file's folder, rotated beside it; `${INSTANCE_ID}` gives each instance its own,"
                    + " without it the instances share one. `/dev/null` keeps none."),
    ERR_FILE("err_file", Kind.STRING, "`JPM_HOME/logs/<name>-<id>-err.log`", "As `out_file`, for stderr; may be the same file."),
    LOG_DATE_FORMAT("log_date_format", Kind.STRING, "none",
            "Prefix each line in the files with the time it arrived, as a Java `DateTimeFormatter` pattern, e.g. `yyyy-MM-dd HH:mm:ss.SSS`.");

    /** The shape of value a key takes. */
    public enum Kind {
        STRING("string"),
        STRING_LIST("list of strings"),
        INT("integer"),
        BOOL("true or false"),
        DURATION("duration (500ms, 2s, 1m or milliseconds)"),
        SIZE("size (512K, 300M, 1G or bytes)"),
        MAP("mapping of names to values"),
        INT_LIST("list of integers"),
        CRON("cron schedule (minute hour day-of-month month day-of-week)");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public static final String ENV_PROFILE_PREFIX = "env_";

    private final String yamlName;
    private final Kind kind;
    private final String defaultText;
    private final String meaning;

    EcosystemKey(String yamlName, Kind kind, String defaultText, String meaning) {
        this.yamlName = yamlName;
        this.kind = kind;
        this.defaultText = defaultText;
        this.meaning = meaning;
    }

    public String yamlName() {
        return yamlName;
    }

    public Kind kind() {
        return kind;
    }

    public String defaultText() {
        return defaultText;
    }

    public String meaning() {
        return meaning;
    }

    /** The key a YAML name stands for; any {@code env_<profile>} is {@link #ENV_PROFILE}. */
    public static Optional<EcosystemKey> byYamlName(String name) {
        if (name.startsWith(ENV_PROFILE_PREFIX) && name.length() > ENV_PROFILE_PREFIX.length()) {
            return Optional.of(ENV_PROFILE);
        }
        for (EcosystemKey key : values()) {
            if (key != ENV_PROFILE && key.yamlName.equals(name.toLowerCase(Locale.ROOT)) && key.yamlName.equals(name)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
