package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.Notices;
import dev.jpm.daemon.jvm.ExitForensics;
import dev.jpm.daemon.policy.Clock;
import dev.jpm.daemon.policy.Decision;
import dev.jpm.daemon.policy.ExitHistory;
import dev.jpm.daemon.policy.LivenessTracker;
import dev.jpm.daemon.policy.RestartPolicy;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.CronSchedule;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.ecosystem.StopSettings;
import dev.jpm.protocol.home.AppName;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.home.MarkedProcess;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
    final InstanceProcesses processes;
    private final ReadinessProbe probe = new ReadinessProbe();
    private final LivenessProbe livenessProbe = new LivenessProbe();
    /** cron_restart reads its schedules in the daemon's own zone, as cron does. */
    private final ZoneId zone = ZoneId.systemDefault();
    /** Progress of the reload replacements being waited for: written by the probe's thread, read by request threads. */
    private final Map<Integer, dev.jpm.protocol.wire.Events.Starting> starting = ReplacementProgress.board();
    final ClusterRouting routing;
    private final Handover handover = new Handover(this);
    private final Updater updater = new Updater(this, handover);
    private final Clock clock;
    private final StateSink state;
    private final ProcessScanner scanner;
    private final Notices notices;
    private int nextId;
    /**
     * Set by {@link #stopEverything}, owned by the loop: the daemon exits next, so nothing launches
     * any more. A start that came after its scan for strays would otherwise leave a JVM running
     * that no daemon manages (seen possible with SIGTERM to 'jpm run' while its apps start).
     */
    private boolean stoppingEverything;
    /** The model as readers on other threads see it; published by this loop after every change. */
    private final PublishedModel published = new PublishedModel();
    private final ModelReader reader;
    private final ExitForensics forensics;

    public Supervisor(InstanceProcesses processes, dev.jpm.daemon.balancer.Balancer balancer, Clock clock,
            StateSink state, ProcessScanner scanner, Notices notices) {
        this.processes = processes;
        this.routing = new ClusterRouting(balancer);
        this.clock = clock;
        this.state = state;
        this.scanner = scanner;
        this.notices = notices;
        this.reader = new ModelReader(published, clock, processes.home());
        this.forensics = new ExitForensics(processes.home());
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

    /** The supervisor's clock, now. */
    long nowMillis() {
        return clock.nowMillis();
    }

    /** On the loop: every app, in the order started. */
    Iterable<ManagedApp> apps() {
        return List.copyOf(apps.values());
    }

    Clock clock() {
        return clock;
    }

    /** On the loop: the app of that name, or null. */
    ManagedApp app(String name) {
        return apps.get(name);
    }

    /** Handles an event (an exit, a probe's answer) on the loop. */
    private void onLoop(Runnable event) {
        loop.execute(logged(event));
    }

    /**
     * The event with its failure logged: no caller waits to hear of it, and the executor would keep
     * it in a future nobody reads, leaving an instance stuck as it was without a word in daemon.log.
     */
    private static Runnable logged(Runnable event) {
        return () -> {
            try {
                event.run();
            } catch (RuntimeException | Error e) {
                Log.error("the supervisor failed while handling an event", e);
            }
        };
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
                List<AppSpec> others = new ArrayList<>(byName.values());
                apps.values().forEach(a -> others.add(a.spec));
                LogFileClaims.problem(spec, others, processes.home()).ifPresent(problem -> {
                    throw new JpmException(ErrorCode.CONFLICT, "cannot start '" + spec.name() + "': " + problem);
                });
            }
            List<ManagedApp> created = new ArrayList<>();
            try {
                for (AppSpec spec : specs) {
                    ManagedApp app = new ManagedApp(spec, new RestartPolicy(spec.restart(), spec.stop().exitCodes(), clock));
                    routing.open(app);
                    created.add(app);
                }
            } catch (JpmException e) {
                created.forEach(routing::close);
                throw e;
            }
            List<Instance> added = new ArrayList<>();
            for (ManagedApp app : created) {
                apps.put(app.name(), app);
                scheduleCronRestart(app);
                for (int n = 0; n < app.spec.instanceCount(cores); n++) {
                    added.add(newInstance(app));
                }
            }
            // intent before effect (DESIGN.md decision 13): not one process before all are on disk
            try {
                durable("the new instances, so none was started");
            } catch (JpmException e) {
                for (ManagedApp app : created) {
                    apps.remove(app.name());
                    routing.close(app);
                }
                changed();
                throw e;
            }
            added.forEach(this::launch);
            durable("the started instances' pids; they run and a new daemon finds them by their marker");
            return added.stream().map(i -> i.id).toList();
        });
    }

    static void check(AppSpec spec) {
        if (!AppName.isSafe(spec.name())) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "'" + spec.name() + "' is not a usable app name: " + AppName.rule());
        }
        if (spec.instances() < -1) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "instances of '" + spec.name()
                    + "' must be N >= 1, 0 (one per core) or -1 (one per core but one), not " + spec.instances());
        }
        if (!StopSettings.SIGNALS.contains(spec.stop().signal())) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "stop_signal of '" + spec.name() + "' must be one of "
                    + String.join(", ", StopSettings.SIGNALS) + ", not " + spec.stop().signal());
        }
        if (spec.restart().cronRestart() != null) {
            try {
                CronSchedule.parse(spec.restart().cronRestart());
            } catch (IllegalArgumentException e) {
                throw new JpmException(ErrorCode.BAD_REQUEST, "cron_restart of '" + spec.name() + "': " + e.getMessage());
            }
        }
        LaunchChecks.problem(spec).ifPresent(problem -> {
            throw new JpmException(ErrorCode.BAD_REQUEST, "cannot start '" + spec.name() + "': " + problem);
        });
    }

    /** A new instance, launched, whose first run the caller can wait on ({@link #confirmations}). */
    Instance addInstance(ManagedApp app) {
        Instance instance = newInstance(app);
        launch(instance);
        return instance;
    }

    /** A new instance on its way to launch: counted in the model (and so on disk) before its process exists. */
    private Instance newInstance(ManagedApp app) {
        Instance instance = new Instance(nextId++, app.freeIndex(), app, new ExitHistory());
        instance.launching();
        instance.confirmation = new CompletableFuture<>();
        app.instances.add(instance);
        return instance;
    }

    // ---- launching and exits ---------------------------------------------------------------

    /**
     * Starts the instance's process. Intent before effect (DESIGN.md decision 13): the instance
     * is on disk as launching, without a pid, before its process starts, and with the pid right
     * after; a daemon killed in between leaves a marked process the next one adopts.
     */
    void launch(Instance instance) {
        if (stoppingEverything) {
            Log.info(instance.label() + " not launched: the daemon is stopping every instance and exiting");
            return;
        }
        AppSpec spec = instance.app.spec;
        int generation = instance.launching();
        if (spec.cluster() != null || spec.liveness().urlNeedsPort()) {
            instance.internalPort = InternalPorts.pick();
        }
        Optional<String> problem = LaunchChecks.problem(spec);
        if (problem.isPresent()) {
            failedLaunch(instance, problem.get());
            return;
        }
        IOException unrecorded = save();
        if (unrecorded != null) {
            failedLaunch(instance, "it could not be recorded in state.json first (" + unrecorded.getMessage() + ")");
            return;
        }
        Process process;
        try {
            process = processes.launch(instance.app.launchSpec(), instance.id, instance.index, instance.internalPort);
        } catch (IOException e) {
            failedLaunch(instance, e.getMessage());
            return;
        }
        ProcessHandle started = process.toHandle();
        instance.launched(started, startMillis(started), clock.nowMillis(), instance.app.policy.newMemoryLimit());
        instance.run = forensics.began(ExitForensics.ownLog(spec, LogStream.OUT, instance.logFile(processes.home(), LogStream.OUT)),
                ExitForensics.ownLog(spec, LogStream.ERR, instance.logFile(processes.home(), LogStream.ERR)), process.pid(), System.currentTimeMillis());
        Log.info("started " + instance.label() + " pid " + process.pid()
                + (instance.internalPort == null ? "" : " on internal port " + instance.internalPort));
        process.onExit().thenAccept(p -> onLoop(() -> exited(instance, generation, p.exitValue())));
        if (spec.cluster() == null) {
            awaitMinUptime(instance, generation);
        } else {
            awaitReadiness(instance, generation);
        }
        changed();
    }

    /**
     * No launch happened (a missing folder or java, state.json not writable): an unstable start
     * that counts towards max_restarts with its reason, retried no sooner than the policy says.
     */
    private void failedLaunch(Instance instance, String reason) {
        Log.warn("cannot launch " + instance.label() + ": " + reason);
        instance.launchFailed();
        instance.confirm(false, "could not be launched: " + reason, processes.home());
        if (instance.onlineWaiter != null) {
            // a reload's replacement: the reload puts the old process back
            instance.history.failedToLaunch(clock.nowMillis(), reason);
            instance.onlineWaiter.complete(false);
            instance.onlineWaiter = null;
            publish();
            return;
        }
        apply(instance, instance.app.policy.onFailedLaunch(instance.history, reason), "could not be launched (" + reason + ")");
    }

    /**
     * Without a port nothing shows that an instance is up but time: it is online once it has run
     * min_uptime, the same span after which the restart policy calls a run stable. Until then it
     * is launching, and a start that waits on it learns if it exits sooner.
     */
    private void awaitMinUptime(Instance instance, int generation) {
        long minUptime = instance.app.spec.restart().minUptimeMs();
        if (minUptime <= 0) {
            markOnline(instance);
            return;
        }
        loop.schedule(logged(() -> {
            if (instance.generation() == generation && instance.status() == InstanceStatus.LAUNCHING && instance.process() != null) {
                markOnline(instance);
                changed();
            }
        }), minUptime, TimeUnit.MILLISECONDS);
    }

    /** Watches a process this daemon did not launch now (re-adopted, or put back by a failed reload). */
    void watch(Instance instance, int generation, ProcessHandle process) {
        process.onExit().thenAccept(p -> onLoop(() -> exited(instance, generation, null)));
    }

    private void markOnline(Instance instance) {
        instance.online(clock.nowMillis());
        instance.confirm(true, null, processes.home());
        routing.route(instance);
        watchLiveness(instance);
        if (instance.onlineWaiter != null) {
            instance.onlineWaiter.complete(true);
            instance.onlineWaiter = null;
        }
    }

    // ---- liveness --------------------------------------------------------------------------

    /**
     * On the loop: an instance just online (launched, adopted, or put back by a failed reload) is
     * checked every health_interval while this run lasts, if its app has a health_path or health_url.
     * The loop owns the failure counts ({@link Instance#liveness}); the checks run on the probe's pool
     * and report back here, one in flight per instance; an idle instance costs one pending timer.
     */
    void watchLiveness(Instance instance) {
        if (HealthTarget.of(instance) == null) {
            return;
        }
        LivenessTracker tracker = new LivenessTracker(instance.app.spec.liveness(), clock);
        instance.liveness = tracker;
        scheduleCheck(instance, instance.generation(), tracker);
    }

    private void scheduleCheck(Instance instance, int generation, LivenessTracker tracker) {
        loop.schedule(logged(() -> startCheck(instance, generation, tracker)), tracker.delayUntilNextCheck(), TimeUnit.MILLISECONDS);
    }

    /** Whether the tracker still watches the run it was made for: a new run, a stop or a delete ends its checks. */
    private boolean stillWatched(Instance instance, int generation, LivenessTracker tracker) {
        return instance.liveness == tracker && instance.generation() == generation && instance.status() == InstanceStatus.ONLINE
                && instance.process() != null && instance.app.instances.contains(instance);
    }

    private void startCheck(Instance instance, int generation, LivenessTracker tracker) {
        HealthTarget target = HealthTarget.of(instance);
        if (!stillWatched(instance, generation, tracker) || target == null) {
            return;
        }
        tracker.checkStarted();
        livenessProbe.check(target.host(), target.port(), target.path(), target.proxyProtocol(), instance.app.spec.liveness().timeoutMs())
                .thenAccept(failure -> onLoop(() -> checked(instance, generation, tracker, failure)));
    }

    private void checked(Instance instance, int generation, LivenessTracker tracker, String failure) {
        if (!stillWatched(instance, generation, tracker)) {
            return;
        }
        if (failure == null) {
            tracker.passed();
            scheduleCheck(instance, generation, tracker);
            return;
        }
        Optional<String> replace = tracker.failed(failure);
        if (replace.isEmpty()) {
            Log.warn(instance.label() + " failed a liveness check (" + tracker.failuresInRow() + " of "
                    + instance.app.spec.liveness().failures() + " in a row): " + failure);
            scheduleCheck(instance, generation, tracker);
            return;
        }
        instance.liveness = null;
        Log.warn(instance.label() + " " + replace.get() + "; replacing it");
        replace(List.of(instance), replace.get());
    }

    /**
     * Replaces instances jpm decided to end for {@code reason}: beside the old ones in cluster mode
     * (the handover, so no request fails), by a restart otherwise. Nobody waits on it: a failure is logged.
     */
    private void replace(List<Instance> instances, String reason) {
        handover.replace(instances, reason).whenComplete((ids, e) -> {
            if (e != null) {
                Log.warn("replacing " + instances.stream().map(Instance::label).toList() + " (" + reason + ") failed: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            }
        });
    }

    // ---- cron_restart ----------------------------------------------------------------------

    /** On the loop: times the app's next cron_restart, by the supervisor's clock in the daemon's zone. */
    void scheduleCronRestart(ManagedApp app) {
        String text = app.spec.restart().cronRestart();
        if (text == null) {
            return;
        }
        long now = clock.nowMillis();
        long due = CronSchedule.parse(text).next(Instant.ofEpochMilli(now), zone).toEpochMilli();
        app.cronRestartAt(due, loop.schedule(logged(() -> cronRestartDue(app, due)), due - now, TimeUnit.MILLISECONDS));
    }

    /**
     * On the loop: the timer of a cron_restart fired. The timer runs on the monotonic clock, the
     * schedule on the wall clock; if the wall clock was set back meanwhile, the rest is waited out.
     */
    private void cronRestartDue(ManagedApp app, long due) {
        if (apps.get(app.name()) != app) {
            return;
        }
        long now = clock.nowMillis();
        if (now < due) {
            app.cronRestartAt(due, loop.schedule(logged(() -> cronRestartDue(app, due)), due - now, TimeUnit.MILLISECONDS));
            return;
        }
        String reason = "cron_restart (" + app.spec.restart().cronRestart() + ")";
        // stopped and errored instances stay as the user or the policy left them
        List<Instance> running = app.instances.stream().filter(i -> i.status() == InstanceStatus.ONLINE).toList();
        Log.info(app.name() + ": " + reason + " is due; " + (app.spec.cluster() == null ? "restarting " : "reloading ")
                + running.size() + " online instance(s)");
        replace(running, reason);
        scheduleCronRestart(app);
        publish();
    }

    /**
     * Cluster mode: online once the internal port accepts (or the health path answers 2xx). A
     * first start waits listen_timeout; a reload's replacement, beside an old process that still
     * serves, as long as it makes progress ({@link ReplacementProgress}).
     */
    private void awaitReadiness(Instance instance, int generation) {
        var cluster = instance.app.spec.cluster();
        ProcessHandle process = instance.process();
        ReplacementProgress replacement = instance.onlineWaiter == null ? null
                : new ReplacementProgress(instance, process, clock, starting);
        ReadinessProbe.Patience patience = replacement != null ? replacement
                : ReadinessProbe.Patience.within(cluster.listenTimeoutMs(), process::isAlive);
        probe.await(instance.internalPort, cluster.healthPath(), cluster.proxyProtocol(), patience)
                .thenAccept(failure -> onLoop(() -> {
                    if (replacement != null) {
                        replacement.done();
                    }
                    if (instance.generation() != generation || instance.status() != InstanceStatus.LAUNCHING) {
                        return;
                    }
                    if (failure.isEmpty()) {
                        Log.info(instance.label() + " is online on internal port " + instance.internalPort);
                        markOnline(instance);
                        changed();
                    } else if (process.isAlive()) {
                        String why = "on internal port " + instance.internalPort + ": " + failure.get();
                        Log.warn(instance.label() + " " + why + "; stopping it");
                        instance.confirm(false, why, processes.home());
                        // a reload's replacement: its exit tells the reload, which puts the old process back and says why
                        instance.replacementFailure = failure.get();
                        stop(instance.app, process);
                    }
                }));
    }

    /** The reload replacements starting now and how far each has got, for the CLI's progress; any thread. */
    public List<dev.jpm.protocol.wire.Events.Starting> starting() {
        return ReplacementProgress.snapshot(starting);
    }

    private void exited(Instance instance, int generation, Integer exitCode) {
        if (generation != instance.generation() || !instance.app.instances.contains(instance)) {
            return;
        }
        long uptime = clock.nowMillis() - instance.onlineSinceMillis;
        routing.unroute(instance.app, instance.backendKey);
        Optional<String> cause = forensics.cause(instance.app.spec, instance.id, instance.run, exitCode);
        instance.exited(clock.nowMillis(), exitCode, cause.orElse(null));
        String how = (exitCode == null ? "exited" : "exited with code " + exitCode) + " after " + uptime + " ms"
                + cause.map(c -> " (" + c + ")").orElse("");
        instance.confirm(false, how + ", before it was confirmed up", processes.home());
        if (instance.onlineWaiter != null) {
            // a reload's replacement died before it came online: the reload puts the old process back
            Log.warn(instance.label() + " replacement exited during reload" + (exitCode == null ? "" : " with code " + exitCode));
            instance.onlineWaiter.complete(false);
            instance.onlineWaiter = null;
            publish();
            return;
        }
        // a stop in progress or done owns the instance now: its exit is expected, not a crash
        if (instance.status() == InstanceStatus.STOPPING || instance.status() == InstanceStatus.STOPPED) {
            changed();
            return;
        }
        apply(instance, instance.app.policy.afterExit(instance.history, false), how);
    }

    /** On the loop: carries out the restart policy's decision about an instance that ended {@code how}. */
    private void apply(Instance instance, Decision decision, String how) {
        if (decision instanceof Decision.RestartNow) {
            Log.info(instance.label() + " " + how + "; restarting");
            launch(instance);
        } else if (decision instanceof Decision.RestartAfter later) {
            Log.info(instance.label() + " " + how + "; restarting in " + later.delayMs() + " ms");
            instance.restartsLater(loop.schedule(logged(() -> launch(instance)), later.delayMs(), TimeUnit.MILLISECONDS));
        } else if (decision instanceof Decision.GiveUp giveUp) {
            Log.warn(instance.label() + " " + how + "; errored: " + giveUp.reason());
            instance.errored();
        } else if (decision instanceof Decision.Stay stay) {
            Log.info(instance.label() + " " + how + "; not restarting (" + stay.reason() + ")");
            instance.stopped();
        }
        changed();
    }

    // ---- stop, restart, delete -------------------------------------------------------------

    public CompletableFuture<List<Integer>> stop(String target) {
        return call(() -> resolve(target)).thenCompose(this::stopAll);
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
        instance.confirm(false, "was stopped before it was confirmed up", processes.home());
        ProcessHandle process = instance.process();
        if (process == null) {
            instance.stopped();
            changed();
            return CompletableFuture.completedFuture(null);
        }
        routing.unroute(instance.app, instance.backendKey);
        instance.stopping();
        changed();
        int generation = instance.generation();
        return stop(instance.app, process)
                .thenCompose(v -> call(() -> {
                    if (instance.generation() == generation) {
                        instance.stopped();
                        changed();
                    }
                    return null;
                }));
    }

    /** Asks one of the app's processes to stop with its stop_signal, SIGKILL after its kill_timeout. */
    CompletableFuture<Void> stop(ManagedApp app, ProcessHandle process) {
        return processes.stop(process, app.spec.stop().signal(), app.spec.restart().killTimeoutMs());
    }

    public CompletableFuture<List<Integer>> restart(String target) {
        return call(() -> resolve(target)).thenCompose(instances ->
                stopAll(instances).thenCompose(ids -> call(() -> {
                    for (Instance instance : instances) {
                        if (instance.app.instances.contains(instance)) {
                            instance.recordEndedRun(clock.nowMillis());
                            instance.history.manualRestart();
                            instance.confirmation = new CompletableFuture<>();
                            launch(instance);
                        }
                    }
                    durable("the restarted instances");
                    return ids;
                })));
    }

    public CompletableFuture<List<Integer>> delete(String target) {
        return call(() -> resolve(target)).thenCompose(instances ->
                stopAll(instances).thenCompose(ids -> call(() -> {
                    for (Instance instance : instances) {
                        ManagedApp app = instance.app;
                        app.instances.remove(instance);
                        if (app.instances.isEmpty()) {
                            apps.remove(app.name());
                            app.cancelCronRestart();
                            routing.close(app);
                        }
                    }
                    durable("the deletion");
                    return ids;
                })));
    }

    /**
     * Stops everything; used by {@code kill}. Then any process that still carries this home's
     * marker (one a crashed daemon launched and nobody adopted, a child its instance left behind)
     * is stopped too, so that kill leaves nothing of this home running.
     */
    public CompletableFuture<List<Integer>> stopEverything() {
        return call(() -> {
            stoppingEverything = true;
            return resolve("all");
        }).thenCompose(this::stopAll)
                .thenCompose(ids -> {
                    List<CompletableFuture<Void>> strays = new ArrayList<>();
                    for (MarkedProcess left : scanner.scan()) {
                        Log.warn("stopping pid " + left.pid() + " (" + left.app() + ", id " + left.id() + "): it carries this home's marker");
                        ProcessHandle.of(left.pid()).ifPresent(p -> strays.add(processes.stop(p, StopSettings.DEFAULT_SIGNAL, RestartSettings.DEFAULTS.killTimeoutMs())));
                    }
                    return CompletableFuture.allOf(strays.toArray(CompletableFuture[]::new)).thenApply(v -> ids);
                });
    }

    /**
     * {@code --update-env}: the apps of the target's instances run with {@code callerEnv} from
     * their next launch on (under their own env); an empty one changes nothing.
     */
    public CompletableFuture<Void> takeCallerEnv(String target, Map<String, String> callerEnv) {
        return call(() -> {
            if (!callerEnv.isEmpty()) {
                resolve(target).forEach(i -> i.app.callerEnv = Map.copyOf(callerEnv));
                changed();
            }
            return null;
        });
    }

    // ---- reload and scale (zero-downtime in cluster mode) ----------------------------------

    /** Zero-downtime replacement of the target's instances, one at a time ({@link Handover}). */
    public CompletableFuture<List<Integer>> reload(String target) {
        return handover.reload(target);
    }

    /** What an update in place did to each app, and how the first run of each instance of a new app went. */
    public record Updated(List<dev.jpm.protocol.wire.Results.AppChange> changes, List<StartOutcome> started) {
    }

    /** An update in place from an ecosystem file ({@link Updater}). */
    public CompletableFuture<Updated> update(dev.jpm.protocol.wire.Request.Update update, int cores) {
        return updater.update(update, cores);
    }

    /** {@code count} is N, +N or -N; returns the ids of instances added ({@link Handover}). */
    public CompletableFuture<List<Integer>> scale(String appName, String count, int cores) {
        return handover.scale(appName, count);
    }

    /** The sampler's report of an instance's memory; restarts it when it stays over its limit. */
    public void memorySample(long pid, long rssBytes) {
        onLoop(() -> {
            for (ManagedApp app : apps.values()) {
                for (Instance instance : app.instances) {
                    if (instance.process() != null && instance.process().pid() == pid && instance.status() == InstanceStatus.ONLINE
                            && instance.memoryLimit != null && instance.memoryLimit.sample(rssBytes)) {
                        Log.warn(instance.label() + " stayed over max_memory_restart (" + rssBytes + " bytes); restarting");
                        instance.endingBecause("max_memory_restart: its memory stayed over "
                                + (app.spec.restart().maxMemoryRestartBytes() >> 20) + " MiB");
                        restart(Integer.toString(instance.id));
                    }
                }
            }
        });
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /**
     * On the loop, after every change: publishes the model and writes state.json. A write that
     * fails is logged here; a request that needs it durable calls {@link #durable} too.
     */
    void changed() {
        IOException failure = save();
        if (failure != null) {
            Log.warn("cannot write state.json: " + failure.getMessage());
        }
    }

    /** On the loop: readers on other threads see the model as it stands now. */
    void publish() {
        published.publish(ModelSnapshot.of(nextId, apps.values()));
    }

    /** On the loop: publishes the model and writes it to state.json; the failure, or null when it is on disk. */
    private IOException save() {
        publish();
        try {
            state.save(StateSnapshots.toState(published.current()));
            try {
                loop.execute(this::saveCopy);
            } catch (RejectedExecutionException e) {
                saveCopy(); // the loop is closing: this save is its last
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** On the loop, after the task that saved: the second copy of state.json (StateSink#saveCopy). */
    private void saveCopy() {
        try {
            state.saveCopy();
        } catch (IOException e) {
            Log.warn("cannot write the copy of state.json: " + e.getMessage());
        }
    }

    /** On the loop: the model is on disk, or the request fails with STORAGE saying what is not recorded. */
    void durable(String what) {
        IOException failure = save();
        if (failure != null) {
            throw new JpmException(ErrorCode.STORAGE, "cannot record " + what + ": writing state.json failed ("
                    + failure.getMessage() + ")");
        }
    }

    /** The outcome of each instance's first run since the start, restart or resurrect that launched it. */
    public CompletableFuture<List<StartOutcome>> confirmations(List<Integer> ids) {
        return call(() -> {
            List<CompletableFuture<StartOutcome>> pending = new ArrayList<>();
            apps.values().forEach(a -> a.instances.forEach(i -> {
                if (ids.contains(i.id) && i.confirmation != null) {
                    pending.add(i.confirmation);
                }
            }));
            return pending;
        }).thenCompose(pending -> CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(v -> pending.stream().map(CompletableFuture::join).toList()));
    }


    /** The read side: the published model and what is built from it, for any thread. */
    public ModelReader reader() {
        return reader;
    }

    /** On the loop: the live instances a target means, resolved on the model as it stands. */
    List<Instance> resolve(String target) {
        List<ModelSnapshot.InstanceSnapshot> meant = TargetResolver.resolve(target, ModelSnapshot.of(nextId, apps.values()));
        Map<Integer, Instance> byId = new java.util.HashMap<>();
        apps.values().forEach(a -> a.instances.forEach(i -> byId.put(i.id, i)));
        return meant.stream().map(i -> byId.get(i.id())).toList();
    }

    /**
     * Re-adopts the instances a previous daemon left running and restarts those that died since.
     * The processes found by their marker fill what state.json lacks: an instance recorded
     * without a pid (the daemon died during its launch), or a lost state file. A marked process
     * no known app owns is stopped, with a notice: nobody could manage it.
     */
    public CompletableFuture<Void> restore(dev.jpm.daemon.state.DaemonState state) {
        return call(() -> {
            FoundProcesses found = new FoundProcesses(scanner.scan());
            nextId = Math.max(nextId, state.nextId());
            for (dev.jpm.daemon.state.AppState saved : state.apps()) {
                ManagedApp app = new ManagedApp(saved.spec(), new RestartPolicy(saved.spec().restart(), saved.spec().stop().exitCodes(), clock));
                app.callerEnv = saved.callerEnv();
                apps.put(app.name(), app);
                scheduleCronRestart(app);
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
                    StateSnapshots.readopt(this, instance, is, found);
                }
            }
            for (MarkedProcess left : found.unclaimed()) {
                adoptOrStop(left);
            }
            changed();
            return null;
        });
    }

    /** On the loop, at restore: a marked process state.json does not know of. */
    private void adoptOrStop(MarkedProcess found) {
        ManagedApp app = apps.get(found.app());
        Optional<ProcessHandle> process = ProcessHandle.of(found.pid());
        if (process.isEmpty()) {
            return;
        }
        boolean idTaken = apps.values().stream().anyMatch(a -> a.instances.stream().anyMatch(i -> i.id == found.id()));
        if (app == null || idTaken) {
            notices.add("stopped pid " + found.pid() + " (app '" + found.app() + "', id " + found.id() + "): it was started by"
                    + " jpm for this home, but " + (app == null ? "no app of that name is known any more" : "another process has that id"));
            processes.stop(process.get(), StopSettings.DEFAULT_SIGNAL, RestartSettings.DEFAULTS.killTimeoutMs());
            return;
        }
        int index = found.index() >= 0 && app.instances.stream().noneMatch(i -> i.index == found.index())
                ? found.index() : app.freeIndex();
        Instance instance = new Instance(found.id(), index, app, new ExitHistory());
        instance.history.restore(0, found.startMillis());
        app.instances.add(instance);
        nextId = Math.max(nextId, found.id() + 1);
        adopt(instance, process.get(), found.startMillis(), found.startMillis());
        notices.add("adopted pid " + found.pid() + " as " + instance.label() + ": state.json did not record it");
    }

    /** On the loop: an instance found dead on restore comes back as its policy says. */
    void relaunch(Instance instance) {
        launch(instance);
    }

    void adopt(Instance instance, ProcessHandle process, long processStartMillis, long onlineSince) {
        int generation = instance.adopted(process, processStartMillis, onlineSince, instance.app.policy.newMemoryLimit());
        watch(instance, generation, process);
        routing.route(instance);
        watchLiveness(instance);
        Log.info("re-adopted " + instance.label() + " pid " + process.pid());
    }

    public void shutdown() {
        probe.shutdown();
        livenessProbe.shutdown();
        loop.shutdown();
    }
}
