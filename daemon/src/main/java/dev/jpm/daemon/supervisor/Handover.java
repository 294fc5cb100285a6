package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.policy.ReplacementWait;
import dev.jpm.protocol.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Moving traffic between processes without dropping a request: {@code reload} (a replacement
 * beside each old process, traffic moved once it is online, the old one drained and stopped) and
 * {@code scale} (new instances join the balancer once online; removed ones leave it and drain
 * before they stop). Runs its steps on the supervisor's thread through {@link Supervisor#call}.
 */
final class Handover {
    private final Supervisor supervisor;

    Handover(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /**
     * Replaces the instances one at a time: the new process starts beside the old, and only once
     * it is online does the old one stop taking new connections, drain and stop. An app without a
     * public port has nothing to hand over, so its instances are restarted, as PM2 does.
     */
    CompletableFuture<List<Integer>> reload(String target) {
        return supervisor.call(() -> supervisor.resolve(target)).thenCompose(instances -> replace(instances, null));
    }

    /**
     * Reloads the instances one at a time, as {@link #reload} does; {@code reason}, when jpm
     * decided it (a failed liveness check, cron_restart), goes into each one's exit history.
     */
    CompletableFuture<List<Integer>> replace(List<Instance> instances, String reason) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Instance instance : instances) {
            chain = chain.thenCompose(v -> reloadOne(instance, reason));
        }
        return chain.thenApply(v -> instances.stream().map(i -> i.id).toList());
    }

    /** Replaces one instance (restarts it without a port), with the app's spec as it is now. */
    CompletableFuture<Void> reloadOne(Instance instance, String reason) {
        return supervisor.call(() -> {
            if (!instance.app.instances.contains(instance)) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (reason != null && (instance.status() != InstanceStatus.ONLINE || instance.process() == null)) {
                // jpm's own replacement finds it no longer online (stopped, or already being replaced): nothing to do
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (instance.app.spec.cluster() == null || instance.status() != InstanceStatus.ONLINE || instance.process() == null) {
                if (reason != null) {
                    instance.endingBecause(reason);
                }
                return supervisor.restart(Integer.toString(instance.id)).thenApply(ids -> (Void) null);
            }
            ProcessHandle old = instance.process();
            int oldKey = instance.backendKey;
            Integer oldPort = instance.internalPort;
            long oldOnlineSince = instance.onlineSinceMillis;
            CompletableFuture<Boolean> online = new CompletableFuture<>();
            instance.onlineWaiter = online;
            if (reason != null) {
                // the old process ends outside this instance's watch, so its run is closed here, with the reason
                instance.history.exited(supervisor.nowMillis(), null, reason);
            }
            instance.replacementFailure = null;
            instance.history.manualRestart();
            supervisor.launch(instance);
            // the probe gives up first (ReplacementWait); this only guards against a wait that never ends
            long limit = Math.max(instance.app.spec.cluster().listenTimeoutMs(), ReplacementWait.HARD_CAP_MS)
                    + instance.app.spec.restart().killTimeoutMs();
            return online.completeOnTimeout(false, limit, TimeUnit.MILLISECONDS)
                    .thenCompose(ok -> supervisor.call(() -> ok ? retire(instance.app, old, oldKey)
                            : reinstate(instance, old, oldKey, oldPort, oldOnlineSince)))
                    .thenCompose(f -> f);
        }).thenCompose(f -> f);
    }

    /** On the loop: the old process of a reloaded instance takes no new connections, drains, stops. */
    private CompletableFuture<Void> retire(ManagedApp app, ProcessHandle old, int oldKey) {
        supervisor.routing.unroute(app, oldKey);
        long killTimeout = app.spec.restart().killTimeoutMs();
        return supervisor.routing.drained(app, oldKey, killTimeout).thenCompose(v -> supervisor.stop(app, old));
    }

    /** On the loop: the replacement never came online; the old process goes on serving as before. */
    private CompletableFuture<Void> reinstate(Instance instance, ProcessHandle old, int oldKey, Integer oldPort,
            long oldOnlineSince) {
        instance.onlineWaiter = null;
        ProcessHandle failed = instance.process();
        if (failed != null) {
            supervisor.routing.unroute(instance.app, instance.backendKey);
            supervisor.stop(instance.app, failed);
        }
        if (!old.isAlive()) {
            throw new JpmException(ErrorCode.INTERNAL, "reload of " + instance.label() + " failed and the old process is gone");
        }
        supervisor.watch(instance, instance.reinstated(old, oldPort, oldKey, oldOnlineSince), old);
        supervisor.watchLiveness(instance);
        supervisor.changed();
        String why = instance.replacementFailure == null ? "the new process did not come online"
                : "the new process " + instance.replacementFailure;
        throw new JpmException(ErrorCode.INTERNAL, "reload of " + instance.label()
                + " failed: " + why + "; the old one keeps serving (see its err log)");
    }

    /** {@code count} is N, +N or -N; returns the ids of instances added (none when scaling down). */
    CompletableFuture<List<Integer>> scale(String appName, String count) {
        return supervisor.call(() -> {
            ManagedApp app = supervisor.app(appName);
            if (app == null) {
                supervisor.resolve(appName);
                throw new JpmException(ErrorCode.NOT_FOUND, "no app named '" + appName + "'");
            }
            int current = app.instances.size();
            int wanted = ScaleCount.parse(count, current);
            app.spec = app.spec.withInstances(wanted);
            List<Integer> added = new ArrayList<>();
            for (int n = current; n < wanted; n++) {
                added.add(supervisor.addInstance(app).id);
            }
            List<Instance> removed = new ArrayList<>();
            List<Instance> byIndex = new ArrayList<>(app.instances);
            byIndex.sort((a, b) -> Integer.compare(b.index, a.index));
            for (int n = 0; n < current - wanted; n++) {
                removed.add(byIndex.get(n));
            }
            supervisor.changed();
            return new Rescaled(added, removed);
        }).thenCompose(rescaled -> drainAndRemove(rescaled.removed()).thenApply(v -> rescaled.added()));
    }

    /** A scale's first step, on the loop: the ids of the instances launched, and those to drain and remove. */
    private record Rescaled(List<Integer> added, List<Instance> removed) {
    }

    /** Scale-down: stop routing to each, let its connections finish (bounded by kill_timeout), stop and forget it. */
    private CompletableFuture<Void> drainAndRemove(List<Instance> instances) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Instance instance : instances) {
            all.add(supervisor.call(() -> {
                int key = instance.backendKey;
                supervisor.routing.unroute(instance.app, key);
                instance.backendKey = 0;
                return supervisor.routing.drained(instance.app, key, instance.app.spec.restart().killTimeoutMs());
            }).thenCompose(f -> f)
                    .thenCompose(v -> supervisor.stopAll(List.of(instance)))
                    .thenCompose(ids -> supervisor.call(() -> {
                        instance.app.instances.remove(instance);
                        supervisor.changed();
                        return null;
                    })));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }
}
