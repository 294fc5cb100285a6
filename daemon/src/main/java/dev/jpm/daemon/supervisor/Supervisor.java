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
    private final ProcessStopper stopper = new ProcessStopper();
    private final Clock clock;
    private final Consumer<Supervisor> onChange;
    private int nextId;
    /** Pids of live instances, republished on every change for the sampler's thread. */
    private volatile java.util.Set<Long> livePids = java.util.Set.of();

    public Supervisor(InstanceLauncher launcher, Clock clock, Consumer<Supervisor> onChange) {
        this.launcher = launcher;
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
            List<Integer> ids = new ArrayList<>();
            for (AppSpec spec : specs) {
                ManagedApp app = new ManagedApp(spec, new RestartPolicy(spec.restart(), clock));
                apps.put(spec.name(), app);
                for (int n = 0; n < spec.instanceCount(cores); n++) {
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

    private Instance addInstance(ManagedApp app) {
        Instance instance = new Instance(nextId++, app.freeIndex(), app, new ExitHistory());
        app.instances.add(instance);
        launch(instance);
        return instance;
    }

    // ---- launching and exits ---------------------------------------------------------------

    private void launch(Instance instance) {
        instance.cancelPendingLaunch();
        AppSpec spec = instance.app.spec;
        int generation = ++instance.generation;
        try {
            Process process = launcher.launch(spec, instance.id, instance.index, instance.internalPort);
            instance.process = process.toHandle();
            instance.processStartMillis = startMillis(instance.process);
            instance.history.started(clock.nowMillis());
            instance.memoryLimit = instance.app.policy.newMemoryLimit();
            markOnline(instance);
            Log.info("started " + instance.label() + " pid " + process.pid());
            process.onExit().thenAccept(p -> loop.execute(() -> exited(instance, generation, p.exitValue())));
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
    }

    private void exited(Instance instance, int generation, Integer exitCode) {
        if (generation != instance.generation || !instance.app.instances.contains(instance)) {
            return;
        }
        long uptime = clock.nowMillis() - instance.onlineSinceMillis;
        instance.process = null;
        instance.history.exited(clock.nowMillis(), exitCode);
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
    private CompletableFuture<List<Integer>> stopAll(List<Instance> instances) {
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

    private void changed() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        apps.values().forEach(a -> a.instances.forEach(i -> {
            if (i.process != null) {
                pids.add(i.process.pid());
            }
        }));
        livePids = java.util.Set.copyOf(pids);
        onChange.accept(this);
    }

    public java.util.Set<Long> livePids() {
        return livePids;
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
        instance.status = Status.ONLINE;
        instance.memoryLimit = instance.app.policy.newMemoryLimit();
        watchAdopted(instance, process);
        Log.info("re-adopted " + instance.label() + " pid " + process.pid());
    }

    public CompletableFuture<List<dev.jpm.protocol.view.InstanceDescription>> describe(String target,
            dev.jpm.daemon.metrics.MetricsCache metrics) {
        return call(() -> {
            long now = clock.nowMillis();
            return TargetResolver.resolve(target, apps.values()).stream()
                    .map(i -> InstanceViews.describe(i, metrics, now, launcher.home())).toList();
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
            List<dev.jpm.protocol.view.InstanceView> views = new ArrayList<>();
            long now = clock.nowMillis();
            apps.values().forEach(a -> a.instances.forEach(i -> views.add(InstanceViews.of(i, metrics, now))));
            return views;
        });
    }

    public void shutdown() {
        loop.shutdown();
    }
}
