package dev.jpm.cli.export;

/** Where {@link KubernetesExporter} puts each ecosystem key, or why Kubernetes has no place for it. */
final class KubernetesKeys {
    private KubernetesKeys() {
    }

    static KeyTable table() {
        String backoff = "the kubelet restarts a crashed container forever, with its own back-off (10s doubling to 5m)";
        String kubeletLogs = "the kubelet rotates container logs itself (its containerLogMaxSize and containerLogMaxFiles)";
        return new KeyTable("kubernetes")
                .mapped("name", "the names of the Deployment, its container, the Service and the PodDisruptionBudget (DNS rules)")
                .mapped("jar", "the container command: -jar /app/<jar file name>")
                .mapped("args", "the container args, ${PORT} replaced by the container port")
                .mapped("jvm_args", "the container command, before -jar")
                .none("java", "a path on this host; the container runs java from the image's PATH (--java to change)")
                .none("cwd", "a folder on this host; the container works in /app, beside the jar")
                .mapped("instances", "spec.replicas (0 and -1 need --replicas)")
                .mapped("env", "the container env")
                .mapped("env_<profile>", "the container env, merged over env with --env <profile>")
                .none("autorestart", "a Deployment's pods always restart; an app that should stay down after it exits is a Job")
                .none("max_restarts", backoff)
                .none("min_uptime", backoff)
                .none("restart_delay", backoff)
                .none("exp_backoff_restart_delay", backoff)
                .mapped("max_memory_restart", "resources.limits.memory (the container is OOM-killed at the limit, then restarted)")
                .mapped("kill_timeout", "terminationGracePeriodSeconds, after the preStop pause")
                .mapped("port", "the containerPort, PORT and a Service on the same port")
                .none("host", "a Service listens on its cluster IP; publish it with a LoadBalancer Service or an Ingress")
                .none("strategy", "kube-proxy picks a pod per connection itself (at random with iptables, round robin with IPVS)")
                .mapped("health_path", "the httpGet of the startup, readiness and liveness probes")
                .mapped("listen_timeout", "the startupProbe: failureThreshold x periodSeconds 1")
                .none("max_connections", "a Service holds no connection limit; an Ingress controller may")
                .none("protocol", "a Service balances connections, not requests; the port's appProtocol says http"
                        + " for an Ingress or mesh that balances requests")
                .none("forwarded", "forwarding headers are added by an Ingress controller, not by a Service")
                .none("proxy_protocol", "a Service keeps the client's address without a PROXY header; a load balancer may send one")
                .none("log_max_size", kubeletLogs)
                .none("log_retain", kubeletLogs)
                .mapped("stop_signal", "lifecycle.stopSignal (Kubernetes 1.33+ with the ContainerStopSignals feature gate)")
                .none("stop_exit_codes", "a Deployment restarts a container after any exit; an app that finishes is a Job")
                .mapped("health_url", "the httpGet of the livenessProbe, for a URL on the instance's own host")
                .mapped("health_interval", "periodSeconds of the readiness and liveness probes")
                .mapped("health_timeout", "timeoutSeconds of the readiness and liveness probes")
                .mapped("health_failures", "failureThreshold of the livenessProbe")
                .none("cron_restart", "a CronJob running `kubectl rollout restart deployment/<name>` restarts on a schedule")
                .none("out_file", "the container's output is its log (kubectl logs); a file inside the container is lost with it")
                .none("err_file", "the container's output is its log (kubectl logs); a file inside the container is lost with it")
                .none("log_date_format", "the kubelet timestamps every line (kubectl logs --timestamps)")
                .none("heap_dump_on_oom", "a dump inside the container is lost with it; add -XX:+HeapDumpOnOutOfMemoryError"
                        + " -XX:HeapDumpPath=<a mounted volume> to jvm_args")
                .none("dump_retain", "jpm's dump folder has no counterpart in a pod")
                .none("cds", "build the class-data archive into the image (-XX:ArchiveClassesAtExit while building it)")
                .none("gc_log", "add -Xlog:gc*:stdout to jvm_args: the container's output is its log");
    }
}
