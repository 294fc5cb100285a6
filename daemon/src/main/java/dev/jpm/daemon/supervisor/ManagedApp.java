package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.balancer.PublicPort;
import dev.jpm.daemon.policy.RestartPolicy;
import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.Map;

/** An app the daemon manages: what the user asked for and the instances that run it. Touched only on the supervisor's thread. */
final class ManagedApp {
    AppSpec spec;
    RestartPolicy policy;
    final List<Instance> instances = new ArrayList<>();
    /** The balanced public port in cluster mode, else null. */
    PublicPort publicPort;
    /** The pending cron_restart, else null; with when it fires (epoch ms, by the supervisor's clock). */
    private ScheduledFuture<?> cronRestart;
    private long cronRestartAtMillis;
    /**
     * The environment of the CLI that last ran {@code reload --update-env} or {@code restart
     * --update-env} on this app, empty when none did. Instances get it under the app's own
     * {@code env}, whose keys win: the file says what the app needs, the shell only adds to it.
     */
    Map<String, String> callerEnv = Map.of();

    ManagedApp(AppSpec spec, RestartPolicy policy) {
        this.spec = spec;
        this.policy = policy;
    }

    /** What an instance is launched with: the spec, its env over the caller's environment when one was taken. */
    AppSpec launchSpec() {
        if (callerEnv.isEmpty()) {
            return spec;
        }
        Map<String, String> env = new HashMap<>(callerEnv);
        env.putAll(spec.env());
        return spec.withEnv(env);
    }

    String name() {
        return spec.name();
    }

    void cronRestartAt(long atMillis, ScheduledFuture<?> pending) {
        cronRestartAtMillis = atMillis;
        cronRestart = pending;
    }

    /** When cron_restart fires next, or null when the app has none pending. */
    Long nextCronRestartMillis() {
        return cronRestart == null ? null : cronRestartAtMillis;
    }

    /** The app is deleted: its schedule goes with it. */
    void cancelCronRestart() {
        if (cronRestart != null) {
            cronRestart.cancel(false);
            cronRestart = null;
        }
    }

    /** The lowest instance index not in use, so a scaled-down-then-up app reuses 0..n-1. */
    int freeIndex() {
        int index = 0;
        while (true) {
            int candidate = index;
            if (instances.stream().noneMatch(i -> i.index == candidate)) {
                return candidate;
            }
            index++;
        }
    }
}
