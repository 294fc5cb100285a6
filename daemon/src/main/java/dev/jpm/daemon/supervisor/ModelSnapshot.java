package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.daemon.balancer.PublicPort;
import dev.jpm.daemon.policy.ExitHistory;
import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The supervisor's apps and instances as they stood after one change: immutable, so any thread
 * reads it without asking the supervisor's thread, which publishes a new one after every change
 * ({@link PublishedModel}). It holds the supervisor's own state only; figures that move without
 * a supervisor event (cpu and memory from the sampler, the balancer's connection counts) are read
 * live when a view is built.
 *
 * @param nextId the id the next new instance gets
 */
public record ModelSnapshot(int nextId, List<App> apps) {

    static final ModelSnapshot EMPTY = new ModelSnapshot(0, List.of());

    public ModelSnapshot {
        apps = List.copyOf(apps);
    }

    /**
     * One app: what the user asked for, its public port in cluster mode (else null), its instances,
     * when its cron_restart fires next (else null), and the caller's environment a {@code --update-env}
     * gave it (empty when none did).
     */
    public record App(AppSpec spec, PublicPort publicPort, List<InstanceSnapshot> instances, Long nextCronRestartMillis,
            java.util.Map<String, String> callerEnv) {
        public App {
            instances = List.copyOf(instances);
            callerEnv = callerEnv == null ? java.util.Map.of() : callerEnv;
        }

        public App(AppSpec spec, PublicPort publicPort, List<InstanceSnapshot> instances, Long nextCronRestartMillis) {
            this(spec, publicPort, instances, nextCronRestartMillis, null);
        }

        public String name() {
            return spec.name();
        }
    }

    /**
     * One instance.
     *
     * @param pid        null while no process runs
     * @param backendKey the balancer's key for its process, 0 while it takes no traffic
     */
    public record InstanceSnapshot(int id, int index, String app, InstanceStatus status, Long pid, long processStartMillis,
            long onlineSinceMillis, int restarts, Integer internalPort, int backendKey, List<ExitHistory.Exit> recentExits) {

        String label() {
            return app + "#" + index + " (id " + id + ")";
        }
    }

    /** On the supervisor's thread: the model as it stands. */
    static ModelSnapshot of(int nextId, Iterable<ManagedApp> apps) {
        List<App> taken = new ArrayList<>();
        for (ManagedApp app : apps) {
            List<InstanceSnapshot> instances = new ArrayList<>();
            for (Instance i : app.instances) {
                instances.add(new InstanceSnapshot(i.id, i.index, app.name(), i.status(), i.pid(), i.processStartMillis,
                        i.onlineSinceMillis, i.history.restarts(), i.internalPort, i.backendKey, i.history.recentExits()));
            }
            taken.add(new App(app.spec, app.publicPort, instances, app.nextCronRestartMillis(), app.callerEnv));
        }
        return new ModelSnapshot(nextId, taken);
    }

    public List<InstanceSnapshot> instances() {
        return apps.stream().flatMap(a -> a.instances().stream()).toList();
    }

    public Optional<App> app(String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Pids of the instances' processes: what the sampler samples. */
    public Set<Long> livePids() {
        return pids(false);
    }

    /** The live pids of apps with max_memory_restart: the sampler watches these every second. */
    public Set<Long> memoryLimitedPids() {
        return pids(true);
    }

    private Set<Long> pids(boolean onlyMemoryLimited) {
        Set<Long> pids = new HashSet<>();
        for (App app : apps) {
            if (onlyMemoryLimited && app.spec().restart().maxMemoryRestartBytes() <= 0) {
                continue;
            }
            app.instances().stream().filter(i -> i.pid() != null).forEach(i -> pids.add(i.pid()));
        }
        return Set.copyOf(pids);
    }
}
