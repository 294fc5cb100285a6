package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The probes of a container, from jpm's health check and its timings, in the order a container lists them. */
final class KubernetesProbes {
    private KubernetesProbes() {
    }

    /**
     * The startup probe gives the JVM {@code listen_timeout} to come up, as jpm does before it calls
     * a start failed; readiness then stops routing at the first failed check (jpm's balancer also
     * skips an instance the moment it fails); liveness replaces the pod after {@code health_failures}
     * failures in a row, as jpm's liveness check does.
     *
     * @return startupProbe, readinessProbe (apps with a port: the ones a Service routes to) and livenessProbe
     */
    static Map<String, Object> of(AppSpec app, HealthCheck check) {
        Map<String, Object> probes = new LinkedHashMap<>();
        long period = Quantities.seconds(app.liveness().intervalMs());
        long timeout = Quantities.seconds(app.liveness().timeoutMs());
        if (app.cluster() != null) {
            Map<String, Object> startup = probe(check);
            startup.put("periodSeconds", 1);
            startup.put("failureThreshold", Math.max(1, Quantities.seconds(app.cluster().listenTimeoutMs())));
            probes.put("startupProbe", startup);
            Map<String, Object> readiness = probe(check);
            readiness.put("periodSeconds", period);
            readiness.put("timeoutSeconds", timeout);
            readiness.put("failureThreshold", 1);
            probes.put("readinessProbe", readiness);
        }
        Map<String, Object> liveness = probe(check);
        liveness.put("periodSeconds", period);
        liveness.put("timeoutSeconds", timeout);
        liveness.put("failureThreshold", app.liveness().failures());
        probes.put("livenessProbe", liveness);
        return probes;
    }

    private static Map<String, Object> probe(HealthCheck check) {
        Map<String, Object> probe = new LinkedHashMap<>();
        if (check.http()) {
            Map<String, Object> get = new LinkedHashMap<>();
            get.put("path", check.path());
            get.put("port", check.port());
            probe.put("httpGet", get);
        } else {
            probe.put("tcpSocket", Map.of("port", check.port()));
        }
        return probe;
    }
}
