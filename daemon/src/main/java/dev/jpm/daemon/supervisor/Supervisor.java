package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.policy.Clock;
import dev.jpm.daemon.policy.Decision;
import dev.jpm.daemon.policy.ExitHistory;
import dev.jpm.daemon.policy.RestartPolicy;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.home.AppName;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Apps and their instances: spawns them, watches their exits, applies the restart policy and
 * stops them. Every change happens on one thread (the supervisor's loop), so the model needs no
 * locks; callers get futures. Waiting (a stop's kill timeout) happens on other threads and
 * comes back to the loop when done.
 */
public final class Supervisor {
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ManagedApp> apps = new LinkedHashMap<>();
    private final InstanceLauncher launcher;
    final ProcessStopper stopper = new ProcessStopper();
    private final ReadinessProbe probe = new ReadinessProbe();
    final ClusterRouting routing;
    private final Handover handover = new Handover(this);
    private final Clock clock;
    private final Consumer<Supervisor> onChange;
    private int nextId;
    /** Pids of live instances, republished on every change for the sampler's thread. */
    private volatile java.util.Set<Long> livePids = java.util.Set.of();
    /** The live pids of apps with max_memory_restart: the sampler watches these every second. */
    private volatile java.util.Set<Long> memoryLimitedPids = java.util.Set.of();

    public Supervisor(InstanceLauncher launcher, dev.jpm.daemon.balancer.Balancer balancer, Clock clock,
            Consumer<Supervisor> onChange) {
        this.launcher = launcher;
        this.routing = new ClusterRouting(balancer);
        this.clock = clock;
        this.onChange = onChange;
    }

    /** Runs {@code work} on the supervisor's thread; its exception fails the future. */
    public <T> CompletableFuture<T> call(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    // ---- queries (on the loop) -------------------------------------------------------------

    Collection<ManagedApp> apps() {
        return apps.values();
    }

    ManagedApp app(String name) {
        return apps.get(name);
    }

    int nextId() {
        return nextId;
    }

    long now() {
        return clock.nowMillis();
    }

    // ---- start -----------------------------------------------------------------------------

    /** Validates every app first, so that a bad one starts none of them; returns the new instance ids. */
    public CompletableFuture<List<Integer>> start(List<AppSpec> specs, int cores) {
        return call(() -> {
            Map<String, AppSpec> byName = new LinkedHashMap<>();
            for (AppSpec spec : specs) {
                check(spec);
                if (apps.containsKey(spec.name()) || byName.putIfAbsent(spec.name(), spec) != null) {
                    throw new JpmException(ErrorCode.CONFLICT, "an app named '" + spec.name()
                            + "' already exists; 'jpm restart " + spec.name() + "' restarts it, 'jpm delete "
                            + spec.name() + "' removes it");
                }
            }
            List<ManagedApp> created = new ArrayList<>();
            try {
                for (AppSpec spec : specs) {
                    ManagedApp app = new ManagedApp(spec, new RestartPolicy(spec.restart(), clock));
                    routing.open(app);
                    created.add(app);
                }
            } catch (JpmException e) {
                created.forEach(routing::close);
                throw e;
            }
            List<Integer> ids = new ArrayList<>();
            for (ManagedApp app : created) {
                apps.put(app.name(), app);
                for (int n = 0; n < app.spec.instanceCount(cores); n++) {
                    ids.add(addInstance(app).id);
                }
            }
            changed();
            return ids;
        });
    }

    private static void check(AppSpec spec) {
        if (!AppName.isSafe(spec.name())) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "'" + spec.name() + "' is not a usable app name: " + AppName.rule());
        }
        if (spec.instances() < -1) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "instances of '" + spec.name()
                    + "' must be N >= 1, 0 (one per core) or -1 (one per core but one), not " + spec.instances());
        }
        if (spec.jar() == null || !Files.isRegularFile(Path.of(spec.jar()))) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "jar not found: " + spec.jar());
        }
        if (spec.java() == null || !Files.isExecutable(Path.of(spec.java()))) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "java binary not found or not executable: " + spec.java());
        }
        if (spec.cwd() == null || !Files.isDirectory(Path.of(spec.cwd()))) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "working folder not found: " + spec.cwd());
        }
    }

    Instance addInstance(ManagedApp app) {
        Instance instance = new Instance(nextId++, app.freeIndex(), app, new ExitHistory());
        app.instances.add(instance);
        launch(instance);
        return instance;
    }

    // ---- launching and exits ---------------------------------------------------------------

    void launch(Instance instance) {
        instance.cancelPendingLaunch();
        AppSpec spec = instance.app.spec;
        int generation = ++instance.generation;
        instance.backendKey = 0;
        try {
            if (spec.cluster() != null) {
                instance.internalPort = InternalPorts.pick();
            }
            Process process = launcher.launch(spec, instance.id, instance.index, instance.internalPort);
            instance.process = process.toHandle();
            instance.processStartMillis = startMillis(instance.process);
            instance.history.started(clock.nowMillis());
            instance.onlineSinceMillis = clock.nowMillis();
            instance.memoryLimit = instance.app.policy.newMemoryLimit();
            Log.info("started " + instance.label() + " pid " + process.pid()
                    + (instance.internalPort == null ? "" : " on internal port " + instance.internalPort));
            process.onExit().thenAccept(p -> loop.execute(() -> exited(instance, generation, p.exitValue())));
            if (spec.cluster() == null) {
                markOnline(instance);
            } else {
                instance.status = Status.LAUNCHING;
                awaitReadiness(instance, generation);
            }
        } catch (IOException e) {
            Log.warn("cannot start " + instance.label() + ": " + e.getMessage());
            instance.history.started(clock.nowMillis());
            exited(instance, generation, null);
        }
        changed();
    }

    /** Watches a process this daemon did not start (re-adopted after a daemon restart). */
    void watchAdopted(Instance instance, ProcessHandle process) {
        int generation = ++instance.generation;
        instance.process = process;
        process.onExit().thenAccept(p -> loop.execute(() -> exited(instance, generation, null)));
    }

    private void markOnline(Instance instance) {
        instance.status = Status.ONLINE;
        instance.onlineSinceMillis = clock.nowMillis();
        routing.route(instance);
        if (instance.onlineWaiter != null) {
            instance.onlineWaiter.complete(true);
            instance.onlineWaiter = null;
        }
    }

    /** Cluster mode: online once the internal port accepts (or the health path answers 2xx). */
    private void awaitReadiness(Instance instance, int generation) {
        var cluster = instance.app.spec.cluster();
        ProcessHandle process = instance.process;
        probe.await(instance.internalPort, cluster.healthPath(), cluster.listenTimeoutMs(), process::isAlive)
                .thenAccept(ready -> loop.execute(() -> {
                    if (instance.generation != generation || instance.status != Status.LAUNCHING) {
                        return;
                    }
                    if (ready) {
                        Log.info(instance.label() + " is online on internal port " + instance.internalPort);
                        markOnline(instance);
                        changed();
                    } else if (process.isAlive()) {
                        Log.warn(instance.label() + " did not accept connections on port " + instance.internalPort
                                + " within listen_timeout (" + cluster.listenTimeoutMs() + " ms); stopping it");
                        stopper.stop(process, instance.app.spec.restart().killTimeoutMs());
                    }
                }));
    }

    private void exited(Instance instance, int generation, Integer exitCode) {
        if (generation != instance.generation || !instance.app.instances.contains(instance)) {
            return;
        }
        long uptime = clock.nowMillis() - instance.onlineSinceMillis;
        instance.process = null;
        routing.unroute(instance.app, instance.backendKey);
        instance.backendKey = 0;
        instance.history.exited(clock.nowMillis(), exitCode);
        if (instance.onlineWaiter != null) {
            // a reload's replacement died before it came online: the reload puts the old process back
            Log.warn(instance.label() + " replacement exited during reload" + (exitCode == null ? "" : " with code " + exitCode));
            instance.onlineWaiter.complete(false);
            instance.onlineWaiter = null;
            return;
        }
        // a stop in progress or done owns the instance now: its exit is expected, not a crash
        if (instance.status == Status.STOPPING || instance.status == Status.STOPPED) {
            changed();
            return;
        }
        Decision decision = instance.app.policy.afterExit(instance.history, false);
        String how = (exitCode == null ? "exited" : "exited with code " + exitCode) + " after " + uptime + " ms";
        if (decision instanceof Decision.RestartNow) {
            Log.info(instance.label() + " " + how + "; restarting");
            launch(instance);
        } else if (decision instanceof Decision.RestartAfter later) {
            Log.info(instance.label() + " " + how + "; restarting in " + later.delayMs() + " ms");
            instance.status = Status.LAUNCHING;
            instance.pendingLaunch = loop.schedule(() -> launch(instance), later.delayMs(), TimeUnit.MILLISECONDS);
        } else if (decision instanceof Decision.GiveUp giveUp) {
            Log.warn(instance.label() + " " + how + "; errored: " + giveUp.reason());
            instance.status = Status.ERRORED;
        } else {
            Log.info(instance.label() + " " + how + "; not restarting (autorestart is off)");
            instance.status = Status.STOPPED;
        }
        changed();
    }

    // ---- stop, restart, delete -------------------------------------------------------------

    public CompletableFuture<List<Integer>> stop(String target) {
        return call(() -> TargetResolver.resolve(target, apps.values())).thenCompose(this::stopAll);
    }

    /** Stops the instances; the future completes (off the loop) once every process is gone. */
    CompletableFuture<List<Integer>> stopAll(List<Instance> instances) {
        return call(() -> instances.stream().map(this::stopOne).toList())
                .thenCompose(stops -> CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)))
                .thenApply(v -> instances.stream().map(i -> i.id).toList());
    }

    /** On the loop: begins stopping one instance. */
    private CompletableFuture<Void> stopOne(Instance instance) {
        instance.cancelPendingLaunch();
        ProcessHandle process = instance.process;
        if (process == null) {
            instance.status = Status.STOPPED;
            changed();
            return CompletableFuture.completedFuture(null);
        }
        instance.status = Status.STOPPING;
        routing.unroute(instance.app, instance.backendKey);
        instance.backendKey = 0;
        changed();
        int generation = instance.generation;
        return stopper.stop(process, instance.app.spec.restart().killTimeoutMs())
                .thenCompose(v -> call(() -> {
                    if (instance.generation == generation) {
                        instance.process = null;
                        instance.status = Status.STOPPED;
                        changed();
                    }
                    return null;
                }));
    }

    public CompletableFuture<List<Integer>> restart(String target) {
        return call(() -> TargetResolver.resolve(target, apps.values())).thenCompose(instances ->
                stopAll(instances).thenCompose(ids -> call(() -> {
                    for (Instance instance : instances) {
                        if (instance.app.instances.contains(instance)) {
                            instance.history.manualRestart();
                            launch(instance);
                        }
                    }
                    return ids;
                })));
    }

    public CompletableFuture<List<Integer>> delete(String target) {
        return call(() -> TargetResolver.resolve(target, apps.values())).thenCompose(instances ->
                stopAll(instances).thenCompose(ids -> call(() -> {
                    for (Instance instance : instances) {
                        ManagedApp app = instance.app;
                        app.instances.remove(instance);
                        if (app.instances.isEmpty()) {
                            apps.remove(app.name());
                            routing.close(app);
                        }
                    }
                    changed();
                    return ids;
                })));
    }

    /** Stops everything; used by {@code kill} and at shutdown. */
    public CompletableFuture<List<Integer>> stopEverything() {
        return call(() -> apps.isEmpty() ? List.<Instance>of() : TargetResolver.resolve("all", apps.values()))
                .thenCompose(this::stopAll);
    }

    /** The specs of every app, with the number of instances each runs now: what {@code save} writes. */
    public CompletableFuture<List<AppSpec>> specs() {
        return call(() -> apps.values().stream().map(a -> a.spec.withInstances(a.instances.size())).toList());
    }

    // ---- reload and scale (zero-downtime in cluster mode) ----------------------------------

    /** Zero-downtime replacement of the target's instances, one at a time ({@link Handover}). */
    public CompletableFuture<List<Integer>> reload(String target) {
        return handover.reload(target);
    }

    /** {@code count} is N, +N or -N; returns the ids of instances added ({@link Handover}). */
    public CompletableFuture<List<Integer>> scale(String appName, String count, int cores) {
        return handover.scale(appName, count);
    }

    /** The sampler's report of an instance's memory; restarts it when it stays over its limit. */
    public void memorySample(long pid, long rssBytes) {
        loop.execute(() -> {
            for (ManagedApp app : apps.values()) {
                for (Instance instance : app.instances) {
                    if (instance.process != null && instance.process.pid() == pid && instance.status == Status.ONLINE
                            && instance.memoryLimit != null && instance.memoryLimit.sample(rssBytes)) {
                        Log.warn(instance.label() + " stayed over max_memory_restart (" + rssBytes + " bytes); restarting");
                        restart(Integer.toString(instance.id));
                    }
                }
            }
        });
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    void changed() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        java.util.Set<Long> limited = new java.util.HashSet<>();
        apps.values().forEach(a -> a.instances.forEach(i -> {
            if (i.process != null) {
                pids.add(i.process.pid());
                if (a.spec.restart().maxMemoryRestartBytes() > 0) {
                    limited.add(i.process.pid());
                }
            }
        }));
        livePids = java.util.Set.copyOf(pids);
        memoryLimitedPids = java.util.Set.copyOf(limited);
        onChange.accept(this);
    }

    public java.util.Set<Long> livePids() {
        return livePids;
    }

    public java.util.Set<Long> memoryLimitedPids() {
        return memoryLimitedPids;
    }

    /** On the loop: what state.json should hold now. */
    public dev.jpm.daemon.state.DaemonState snapshot() {
        return StateSnapshots.snapshot(this);
    }

    /** Re-adopts the instances a previous daemon left running and restarts those that died since. */
    public CompletableFuture<Void> restore(dev.jpm.daemon.state.DaemonState state) {
        return call(() -> {
            nextId = Math.max(nextId, state.nextId());
            for (dev.jpm.daemon.state.AppState saved : state.apps()) {
                ManagedApp app = new ManagedApp(saved.spec(), new RestartPolicy(saved.spec().restart(), clock));
                apps.put(app.name(), app);
                try {
                    routing.open(app);
                } catch (JpmException e) {
                    Log.warn("cannot rebind the public port of " + app.name() + ": " + e.getMessage());
                }
                for (dev.jpm.daemon.state.InstanceState is : saved.instances()) {
                    Instance instance = new Instance(is.id(), is.index(), app, new ExitHistory());
                    instance.internalPort = is.internalPort();
                    app.instances.add(instance);
                    nextId = Math.max(nextId, is.id() + 1);
                    StateSnapshots.readopt(this, instance, is);
                }
            }
            changed();
            return null;
        });
    }

    /** On the loop: an instance found dead on restore comes back as its policy says. */
    void relaunch(Instance instance) {
        launch(instance);
    }

    void adopt(Instance instance, ProcessHandle process, long processStartMillis, long onlineSince) {
        instance.processStartMillis = processStartMillis;
        instance.onlineSinceMillis = onlineSince;
        instance.memoryLimit = instance.app.policy.newMemoryLimit();
        watchAdopted(instance, process);
        instance.status = Status.ONLINE;
        routing.route(instance);
        Log.info("re-adopted " + instance.label() + " pid " + process.pid());
    }

    public CompletableFuture<List<dev.jpm.protocol.view.InstanceDescription>> describe(String target,
            dev.jpm.daemon.metrics.MetricsCache metrics) {
        return call(() -> {
            metrics.markWanted();
            long now = clock.nowMillis();
            return TargetResolver.resolve(target, apps.values()).stream()
                    .map(i -> InstanceViews.describe(i, metrics, now, launcher.home(), routing)).toList();
        });
    }

    /** The instances a target means, as the log code needs them: files, rotation settings, writer pid. */
    public CompletableFuture<List<dev.jpm.daemon.logs.LogSource>> logSources(String target) {
        return call(() -> TargetResolver.resolve(target, apps.values()).stream()
                .map(i -> new dev.jpm.daemon.logs.LogSource(i.app.name(), i.id, i.app.spec.logs(), i.pid())).toList());
    }

    /** On the loop: what list shows. */
    public CompletableFuture<List<dev.jpm.protocol.view.InstanceView>> views(dev.jpm.daemon.metrics.MetricsCache metrics) {
        return call(() -> {
            metrics.markWanted();
            List<dev.jpm.protocol.view.InstanceView> views = new ArrayList<>();
            long now = clock.nowMillis();
            apps.values().forEach(a -> a.instances.forEach(i -> views.add(InstanceViews.of(i, metrics, now, routing))));
            return views;
        });
    }

    public void shutdown() {
        probe.shutdown();
        loop.shutdown();
    }
}
