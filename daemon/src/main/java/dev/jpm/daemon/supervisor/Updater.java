package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.policy.RestartPolicy;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results.AppChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An update in place ({@code jpm start|reload ecosystem.yaml} while its apps run): each app of the
 * file is compared with the running one ({@link SpecDiff}) and left, updated, rolled, restarted or
 * started; then its instance count is scaled to the file's; apps the file no longer holds are kept,
 * or deleted with {@code prune}. The apps are done one after another, so at most one app has a
 * replacement starting at a time; the first failure stops the update and says what was done.
 * Runs its steps on the supervisor's thread through {@link Supervisor#call}.
 */
final class Updater {
    private final Supervisor supervisor;
    private final Handover handover;

    Updater(Supervisor supervisor, Handover handover) {
        this.supervisor = supervisor;
        this.handover = handover;
    }

    /** One app's step, planned on the loop before anything is changed. */
    private record Step(AppSpec wanted, ManagedApp running, SpecDiff diff, String leftFile) {
    }

    CompletableFuture<Supervisor.Updated> update(Request.Update update, int cores) {
        return supervisor.call(() -> plan(update)).thenCompose(steps -> {
            List<AppChange> done = new ArrayList<>();
            List<StartOutcome> started = new ArrayList<>();
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            List<AppSpec> newApps = steps.stream().filter(s -> s.running() == null && s.leftFile() == null).map(Step::wanted).toList();
            if (!newApps.isEmpty()) {
                chain = supervisor.start(newApps, cores).thenCompose(supervisor::confirmations).thenAccept(outcomes -> {
                    started.addAll(outcomes);
                    for (AppSpec app : newApps) {
                        long up = outcomes.stream().filter(o -> o.up() && o.label().startsWith(app.name() + "#")).count();
                        long all = outcomes.stream().filter(o -> o.label().startsWith(app.name() + "#")).count();
                        done.add(new AppChange(app.name(), AppChange.STARTED, all + " instance" + (all == 1 ? "" : "s")
                                + (up == all ? "" : ", " + (all - up) + " did not start")));
                    }
                });
            }
            for (Step step : steps) {
                if (step.running() != null || step.leftFile() != null) {
                    chain = chain.thenCompose(v -> apply(step, update.prune(), cores)).thenAccept(done::add);
                }
            }
            return chain.handle((v, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    String before = done.isEmpty() ? "nothing was changed before" : "done before: " + String.join(", ",
                            done.stream().map(c -> c.app() + " " + c.action()).toList());
                    ErrorCode code = cause instanceof JpmException j ? j.code() : ErrorCode.INTERNAL;
                    throw new JpmException(code, cause.getMessage() + " (" + before + ")");
                }
                return new Supervisor.Updated(List.copyOf(done), List.copyOf(started));
            });
        });
    }

    /** On the loop: what to do with each app, all checked before anything changes. */
    private List<Step> plan(Request.Update update) {
        List<Step> steps = new ArrayList<>();
        Map<String, AppSpec> wanted = new LinkedHashMap<>();
        for (AppSpec spec : update.apps()) {
            Supervisor.check(spec);
            if (wanted.putIfAbsent(spec.name(), spec) != null) {
                throw new JpmException(ErrorCode.BAD_REQUEST, "the app '" + spec.name() + "' is declared twice");
            }
            ManagedApp running = supervisor.app(spec.name());
            if (running != null && !Objects.equals(running.spec.source(), update.source())) {
                throw new JpmException(ErrorCode.CONFLICT, "an app named '" + spec.name() + "' already runs, started "
                        + (running.spec.source() == null ? "from a jar" : "from " + running.spec.source())
                        + "; 'jpm delete " + spec.name() + "' removes it");
            }
            SpecDiff diff = running == null ? null : SpecDiff.between(running.spec, spec);
            if (diff != null && movesPublicPort(running.spec, spec)) {
                requireFree(spec);
            }
            steps.add(new Step(spec, running, diff, null));
        }
        // an app already running takes its new out_file/err_file here, not through start's check: the same check,
        // against the file's apps as they will be and every other app as it is
        for (AppSpec spec : wanted.values()) {
            if (supervisor.app(spec.name()) != null) {
                List<AppSpec> others = new ArrayList<>(wanted.values());
                supervisor.apps().forEach(a -> {
                    if (!wanted.containsKey(a.name())) {
                        others.add(a.spec);
                    }
                });
                LogFileClaims.problem(spec, others, supervisor.processes.home()).ifPresent(problem -> {
                    throw new JpmException(ErrorCode.CONFLICT, "cannot update '" + spec.name() + "': " + problem + "; nothing was changed");
                });
            }
        }
        for (ManagedApp app : supervisor.apps()) {
            if (update.source().equals(app.spec.source()) && !update.declared().contains(app.name())) {
                steps.add(new Step(null, app, null, update.source()));
            }
        }
        return steps;
    }

    /** True when the app is to listen on another address, which can be tried before its instances are stopped. */
    private static boolean movesPublicPort(AppSpec running, AppSpec wanted) {
        return wanted.cluster() != null && (running.cluster() == null || running.cluster().port() != wanted.cluster().port()
                || !running.cluster().host().equals(wanted.cluster().host()));
    }

    /**
     * A port another program holds fails the update before the app is stopped for it, not after.
     * Bound and closed at once, so a program could still take it in between: then the rebind
     * fails and puts the old port back, as it would anyway.
     */
    private static void requireFree(AppSpec wanted) {
        var cluster = wanted.cluster();
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(cluster.host(), cluster.port()));
        } catch (java.io.IOException e) {
            throw new JpmException(ErrorCode.CONFLICT, "cannot move '" + wanted.name() + "' to port " + cluster.port() + " on "
                    + cluster.host() + ": " + e.getMessage() + "; nothing was changed");
        }
    }

    /**
     * One app that runs already. The plan was made before the first step, and the steps before
     * this one may have taken minutes (each replacement is waited for): the app may have been
     * deleted meanwhile, and another one started under its name from a jar or another file. That
     * one is not this file's to change or prune, so the step goes on only while the app is the
     * one planned for.
     */
    private CompletableFuture<AppChange> apply(Step step, boolean prune, int cores) {
        ManagedApp app = step.running();
        return supervisor.call(() -> supervisor.app(app.name()) == app).thenCompose(same -> {
            if (same) {
                return applyToPlanned(step, prune, cores);
            }
            if (step.leftFile() != null) {
                return CompletableFuture.completedFuture(new AppChange(app.name(), AppChange.KEPT,
                        "deleted or started again from elsewhere while the update ran; left alone"));
            }
            throw new JpmException(ErrorCode.CONFLICT, "'" + app.name() + "' was deleted or started again from elsewhere while "
                    + "the update ran; it was left alone");
        });
    }

    /** {@link #apply} once the app is known to be the one planned for: the change it needs, then its count. */
    private CompletableFuture<AppChange> applyToPlanned(Step step, boolean prune, int cores) {
        ManagedApp app = step.running();
        if (step.leftFile() != null) {
            if (!prune) {
                return CompletableFuture.completedFuture(new AppChange(app.name(), AppChange.KEPT, "not in the file; --prune deletes it"));
            }
            return supervisor.delete(app.name()).thenApply(ids -> new AppChange(app.name(), AppChange.PRUNED, "not in the file"));
        }
        SpecDiff diff = step.diff();
        AppSpec wanted = step.wanted();
        CompletableFuture<String> changed;
        if (!diff.publicSide().isEmpty()) {
            changed = rebind(app, wanted).thenApply(v -> AppChange.RESTARTED);
        } else if (!diff.process().isEmpty()) {
            changed = roll(app, wanted);
        } else if (!diff.settings().isEmpty()) {
            changed = supervisor.call(() -> {
                swap(app, wanted);
                supervisor.changed();
                return AppChange.UPDATED;
            });
        } else {
            changed = CompletableFuture.completedFuture(AppChange.UNCHANGED);
        }
        return changed.thenCompose(action -> supervisor.call(() -> app.instances.size()).thenCompose(count -> {
            int target = wanted.instanceCount(cores);
            String detail = diff.describe();
            if (count == target) {
                return supervisor.call(() -> {
                    app.spec = app.spec.withInstances(wanted.instances());
                    return new AppChange(app.name(), action, detail);
                });
            }
            String scaled = count + " → " + target;
            // added instances are waited for as a start's are; removed ones have drained and stopped by then
            return handover.scale(app.name(), Integer.toString(target)).thenCompose(supervisor::confirmations).thenCompose(added -> supervisor.call(() -> {
                app.spec = app.spec.withInstances(wanted.instances());
                supervisor.changed();
                return action.equals(AppChange.UNCHANGED) ? new AppChange(app.name(), AppChange.SCALED, scaled)
                        : new AppChange(app.name(), action, detail + "; scaled " + scaled);
            }));
        }));
    }

    /**
     * A new process is needed: the instances are replaced one at a time with the new spec, beside
     * the old ones in cluster mode (no request lost), restarted without a port. If one fails the
     * app's spec goes back to the old one, so the next update tries again; instances already
     * replaced run the new spec until then.
     */
    private CompletableFuture<String> roll(ManagedApp app, AppSpec wanted) {
        return supervisor.call(() -> {
            AppSpec old = app.spec;
            swap(app, wanted);
            supervisor.changed();
            List<Instance> instances = List.copyOf(app.instances);
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Instance instance : instances) {
                chain = chain.thenCompose(v -> handover.reloadOne(instance, null));
            }
            // without a port a restart answers at launch: wait, as a start does, until each is confirmed up (or not)
            chain = chain.thenCompose(v -> supervisor.confirmations(instances.stream().map(i -> i.id).toList())).thenApply(o -> null);
            String action = wanted.cluster() == null ? AppChange.RESTARTED : AppChange.ROLLED;
            return chain.<CompletableFuture<String>>handle((v, failure) -> {
                if (failure == null) {
                    return CompletableFuture.completedFuture(action);
                }
                return supervisor.<String>call(() -> {
                    swap(app, old);
                    supervisor.changed();
                    Log.warn("update of " + app.name() + " failed; its spec is the old one again: " + failure.getMessage());
                    throw new JpmException(ErrorCode.LAUNCH_FAILED, "update of '" + app.name() + "' failed: "
                            + (failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage()));
                });
            }).thenCompose(f -> f);
        }).thenCompose(f -> f);
    }

    /**
     * The public port itself changed: the app is stopped, its old port closed, the new one
     * opened and the instances started on it. A short outage, and the only one an update causes;
     * a new port that cannot be bound puts the old one back with the old spec.
     */
    private CompletableFuture<Void> rebind(ManagedApp app, AppSpec wanted) {
        return supervisor.call(() -> List.copyOf(app.instances)).thenCompose(supervisor::stopAll).thenCompose(ids -> supervisor.call(() -> {
            AppSpec old = app.spec;
            supervisor.routing.close(app);
            swap(app, wanted);
            try {
                supervisor.routing.open(app);
            } catch (JpmException e) {
                swap(app, old);
                supervisor.routing.open(app);
                relaunchAll(app);
                throw e;
            }
            relaunchAll(app);
            return app.instances.stream().map(i -> i.id).toList();
        })).thenCompose(supervisor::confirmations).thenAccept(outcomes -> {
            long failed = outcomes.stream().filter(o -> !o.up()).count();
            if (failed > 0) {
                throw new JpmException(ErrorCode.LAUNCH_FAILED, "update of '" + app.name() + "': " + failed
                        + " instance(s) did not start on the new public port; see 'jpm describe " + app.name() + "'");
            }
        });
    }

    private void relaunchAll(ManagedApp app) {
        for (Instance instance : app.instances) {
            instance.history.manualRestart();
            instance.confirmation = new CompletableFuture<>();
            supervisor.launch(instance);
        }
        supervisor.durable("the restarted instances");
    }

    /**
     * On the loop: the app runs by {@code spec} from now on, its restart policy and cron_restart
     * too (the instances' histories stay).
     */
    private void swap(ManagedApp app, AppSpec spec) {
        boolean newCron = !Objects.equals(app.spec.restart().cronRestart(), spec.restart().cronRestart());
        app.spec = spec.withInstances(app.spec.instances());
        app.policy = new RestartPolicy(spec.restart(), spec.stop().exitCodes(), supervisor.clock());
        if (newCron) {
            app.cancelCronRestart();
            supervisor.scheduleCronRestart(app);
        }
    }
}
