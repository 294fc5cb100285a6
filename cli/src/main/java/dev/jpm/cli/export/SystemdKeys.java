package dev.jpm.cli.export;

/** Where {@link SystemdExporter} puts each ecosystem key, or why systemd has no place for it. */
final class SystemdKeys {
    private SystemdKeys() {
    }

    static KeyTable table() {
        String noBalancer = "systemd runs the instances but balances nothing: put a proxy (nginx, HAProxy) on the public"
                + " port in front of the instance ports";
        String noChecks = "systemd checks no HTTP URL (WatchdogSec= needs the app to call sd_notify)";
        String journal = "the journal keeps the output, within its own limits (SystemMaxUse= in journald.conf)";
        return new KeyTable("systemd")
                .mapped("name", "the template unit <name>@.service")
                .mapped("jar", "ExecStart=, after -jar")
                .mapped("args", "ExecStart=, after the jar; ${PORT} is expanded by systemd from PORT")
                .mapped("jvm_args", "ExecStart=, before -jar")
                .mapped("java", "ExecStart='s program")
                .mapped("cwd", "WorkingDirectory=")
                .mapped("instances", "the instance units to enable, listed at the top (0 and -1 need --replicas)")
                .mapped("env", "Environment=")
                .mapped("env_<profile>", "Environment=, merged over env with --env <profile>")
                .mapped("autorestart", "Restart=always, or Restart=no")
                .mapped("max_restarts", "StartLimitBurst= (the first start and max_restarts restarts)")
                .mapped("min_uptime", "StartLimitIntervalSec=: StartLimitBurst x (min_uptime + restart_delay)")
                .mapped("restart_delay", "RestartSec=")
                .none("exp_backoff_restart_delay", "RestartSteps= and RestartMaxDelaySec= need systemd 254 or later; add them there by hand")
                .mapped("max_memory_restart", "MemoryMax= (the kernel stops the instance at the limit, then Restart= applies)")
                .mapped("kill_timeout", "TimeoutStopSec=")
                .mapped("port", "PORT=%i: each instance unit is named by its own port, port+1 to port+N")
                .none("host", noBalancer)
                .none("strategy", noBalancer)
                .none("health_path", noChecks)
                .none("listen_timeout", "an instance counts as started once it runs (Type=simple); a start timeout needs Type=notify")
                .none("max_connections", noBalancer)
                .none("protocol", noBalancer)
                .none("forwarded", noBalancer)
                .none("proxy_protocol", noBalancer)
                .none("log_max_size", journal)
                .none("log_retain", journal)
                .mapped("stop_signal", "KillSignal=")
                .mapped("stop_exit_codes", "RestartPreventExitStatus= and SuccessExitStatus=")
                .none("health_url", noChecks)
                .none("health_interval", noChecks)
                .none("health_timeout", noChecks)
                .none("health_failures", noChecks)
                .none("cron_restart", "a .timer unit with OnCalendar= that runs systemctl restart does it")
                .none("out_file", journal + "; StandardOutput=append:<file> writes a file instead")
                .none("err_file", journal + "; StandardError=append:<file> writes a file instead")
                .none("log_date_format", "the journal timestamps every line")
                .none("heap_dump_on_oom", "add -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=<folder> to jvm_args; nothing bounds the number of dumps")
                .none("dump_retain", "jpm's dump folder has no counterpart under systemd")
                .none("cds", "add -XX:SharedArchiveFile=<file> -XX:+AutoCreateSharedArchive (JDK 19+) to jvm_args")
                .none("gc_log", "add -Xlog:gc*:file=<file>:time:filecount=5,filesize=10m to jvm_args");
    }
}
