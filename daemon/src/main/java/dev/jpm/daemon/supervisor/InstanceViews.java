package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.daemon.metrics.JvmMetrics;
import dev.jpm.daemon.metrics.MetricsCache;
import dev.jpm.daemon.metrics.ProcessMetrics;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.view.InstanceView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds what {@code list} and {@code describe} show from a published model, with the figures
 * that move on their own read live: the sampler's cache and the balancer's counts.
 */
final class InstanceViews {
    private InstanceViews() {
    }

    static List<InstanceView> of(ModelSnapshot model, MetricsCache metrics, long now) {
        List<InstanceView> views = new ArrayList<>();
        model.apps().forEach(a -> a.instances().forEach(i -> views.add(of(a, i, metrics, now))));
        return views;
    }

    static InstanceView of(ModelSnapshot.App app, InstanceSnapshot i, MetricsCache metrics, long now) {
        Long pid = i.pid();
        ProcessMetrics m = pid == null ? null : metrics.get(pid);
        JvmMetrics jvm = pid == null ? null : metrics.jvm(pid);
        boolean up = i.status() == InstanceStatus.ONLINE && pid != null;
        Integer publicPort = app.spec().cluster() == null ? null : app.spec().cluster().port();
        return new InstanceView(i.id(), app.name(), i.index(), pid, i.status(), i.restarts(),
                up ? Math.max(0, now - i.onlineSinceMillis()) : 0,
                cpu(pid, m),
                m == null ? null : m.rssBytes(),
                i.internalPort(), publicPort,
                ClusterRouting.connections(app.publicPort(), i.backendKey()),
                ClusterRouting.served(app.publicPort(), i.backendKey()),
                jvm == null ? null : jvm.heapUsed(),
                jvm == null ? null : jvm.heapCommitted(),
                jvm == null ? null : jvm.heapMax(),
                jvm == null ? null : jvm.gcCount(),
                jvm == null ? null : jvm.gcTimeMs(),
                jvm == null ? null : jvm.threads(),
                ClusterRouting.balancer(app.publicPort()))
                .withRequests(ClusterRouting.requests(app.publicPort(), i.backendKey()));
    }

    /** Null for no process; 0 for a process the sampler has not reached yet. */
    private static Double cpu(Long pid, ProcessMetrics m) {
        if (m != null) {
            return m.cpuPercent();
        }
        return pid == null ? null : Double.valueOf(0);
    }

    static InstanceDescription describe(ModelSnapshot.App app, InstanceSnapshot i, MetricsCache metrics, long now, JpmHome home) {
        return new InstanceDescription(of(app, i, metrics, now), app.spec(),
                logFile(app, i, home, LogStream.OUT),
                logFile(app, i, home, LogStream.ERR),
                i.recentExits().stream()
                        .map(e -> new InstanceDescription.ExitView(e.atMillis(), e.exitCode(), e.uptimeMs(), e.failure(), e.endedBy(),
                                e.cause())).toList(),
                ClusterRouting.requests(app.publicPort()), app.nextCronRestartMillis());
    }

    /** What describe shows as the stream's file: its path, or /dev/null when it is kept nowhere. */
    private static String logFile(ModelSnapshot.App app, InstanceSnapshot i, JpmHome home, LogStream stream) {
        Path file = app.spec().logs().file(home, app.name(), i.id(), i.index(), stream);
        return file == null ? LogSettings.DISCARD : file.toString();
    }
}
