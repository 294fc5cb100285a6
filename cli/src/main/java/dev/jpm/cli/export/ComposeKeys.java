package dev.jpm.cli.export;

/** Where {@link ComposeExporter} puts each ecosystem key, or why Docker Compose has no place for it. */
final class ComposeKeys {
    private ComposeKeys() {
    }

    static KeyTable table() {
        String backoff = "Docker restarts with its own back-off (100ms doubling, reset after 10s up)";
        String swarm = "Swarm's routing mesh (or one published container) balances connections, with no setting for it";
        return new KeyTable("compose")
                .mapped("name", "the service name (DNS rules)")
                .mapped("jar", "the entrypoint: -jar /app/<jar file name>")
                .mapped("args", "command, ${PORT} replaced by the container port")
                .mapped("jvm_args", "the entrypoint, before -jar")
                .none("java", "a path on this host; the container runs java from the image's PATH (--java to change)")
                .none("cwd", "a folder on this host; the container works in /app, beside the jar")
                .mapped("instances", "deploy.replicas (0 and -1 need --replicas)")
                .mapped("env", "environment")
                .mapped("env_<profile>", "environment, merged over env with --env <profile>")
                .mapped("autorestart", "restart: unless-stopped, or \"no\"")
                .none("max_restarts", backoff)
                .none("min_uptime", backoff)
                .none("restart_delay", backoff)
                .none("exp_backoff_restart_delay", backoff)
                .mapped("max_memory_restart", "mem_limit (the container is OOM-killed at the limit, then restarted)")
                .mapped("kill_timeout", "stop_grace_period")
                .mapped("port", "ports (published on the same port) and PORT")
                .mapped("host", "the host address in ports")
                .none("strategy", swarm)
                .mapped("health_path", "healthcheck: curl of the path (the image needs curl)")
                .mapped("listen_timeout", "healthcheck.start_period")
                .none("max_connections", "Docker's port publishing holds no connection limit")
                .none("protocol", swarm + "; per-request balancing needs a proxy service in front")
                .none("forwarded", "forwarding headers come from a proxy service in front, not from Docker")
                .none("proxy_protocol", "Docker's port publishing sends no PROXY header")
                .mapped("log_max_size", "logging: json-file max-size")
                .mapped("log_retain", "logging: json-file max-file (the rotated files and the current one)")
                .mapped("stop_signal", "stop_signal")
                .none("stop_exit_codes", "restart: takes no list of clean exit codes")
                .mapped("health_url", "healthcheck: curl of the URL, for a URL on the instance's own host")
                .mapped("health_interval", "healthcheck.interval")
                .mapped("health_timeout", "healthcheck.timeout")
                .mapped("health_failures", "healthcheck.retries")
                .none("cron_restart", "Compose has no schedule; a cron job on the host running `docker compose restart` does it")
                .none("out_file", "the container's output is its log (docker compose logs); a file inside the container is lost with it")
                .none("err_file", "the container's output is its log (docker compose logs); a file inside the container is lost with it")
                .none("log_date_format", "Docker timestamps every line (docker compose logs --timestamps)")
                .none("heap_dump_on_oom", "a dump inside the container is lost with it; add -XX:+HeapDumpOnOutOfMemoryError"
                        + " -XX:HeapDumpPath=<a mounted volume> to jvm_args")
                .none("dump_retain", "jpm's dump folder has no counterpart in a container")
                .none("cds", "build the class-data archive into the image (-XX:ArchiveClassesAtExit while building it)")
                .none("gc_log", "add -Xlog:gc*:stdout to jvm_args: the container's output is its log");
    }
}
