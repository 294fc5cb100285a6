package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.balancer.PublicPort;
import dev.jpm.daemon.policy.RestartPolicy;
import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

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

    ManagedApp(AppSpec spec, RestartPolicy policy) {
        this.spec = spec;
        this.policy = policy;
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
