package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.metrics.JvmMetrics;
import dev.jpm.daemon.metrics.MetricsCache;
import dev.jpm.daemon.metrics.ProcessMetrics;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;

/** Builds what {@code list} shows of an instance from the live model and the sampler's cache. */
final class InstanceViews {
    private InstanceViews() {
    }

    static InstanceView of(Instance i, MetricsCache metrics, long now, ClusterRouting routing) {
        Long pid = i.pid();
        ProcessMetrics m = pid == null ? null : metrics.get(pid);
        JvmMetrics jvm = pid == null ? null : metrics.jvm(pid);
        boolean up = i.status == InstanceStatus.ONLINE && pid != null;
        Integer publicPort = i.app.spec.cluster() == null ? null : i.app.spec.cluster().port();
        return new InstanceView(i.id, i.app.name(), i.index, pid, i.status, i.history.restarts(),
                up ? Math.max(0, now - i.onlineSinceMillis) : 0,
                cpu(pid, m),
                m == null ? null : m.rssBytes(),
                i.internalPort, publicPort, routing.connections(i), routing.served(i),
                jvm == null ? null : jvm.heapUsed(),
                jvm == null ? null : jvm.heapCommitted(),
                jvm == null ? null : jvm.heapMax(),
                jvm == null ? null : jvm.gcCount(),
                jvm == null ? null : jvm.gcTimeMs(),
                jvm == null ? null : jvm.threads(),
                routing.balancer(i))
                .withRequests(routing.requests(i));
    }

    /** Null for no process; 0 for a process the sampler has not reached yet. */
    private static Double cpu(Long pid, ProcessMetrics m) {
        if (m != null) {
            return m.cpuPercent();
        }
        return pid == null ? null : Double.valueOf(0);
    }

    static InstanceDescription describe(Instance i, MetricsCache metrics, long now, JpmHome home, ClusterRouting routing) {
        return new InstanceDescription(of(i, metrics, now, routing), i.app.spec,
                home.logFile(i.app.name(), i.id, LogStream.OUT).toString(),
                home.logFile(i.app.name(), i.id, LogStream.ERR).toString(),
                i.history.recentExits().stream()
                        .map(e -> new InstanceDescription.ExitView(e.atMillis(), e.exitCode(), e.uptimeMs(), e.failure())).toList(),
                routing.requests(i.app));
    }
}
