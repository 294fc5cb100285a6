package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.balancer.PublicPort;
import dev.jpm.daemon.policy.RestartPolicy;
import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.ArrayList;
import java.util.List;

/** An app the daemon manages: what the user asked for and the instances that run it. */
final class ManagedApp {
    AppSpec spec;
    RestartPolicy policy;
    final List<Instance> instances = new ArrayList<>();
    /** The balanced public port in cluster mode, else null. */
    PublicPort publicPort;

    ManagedApp(AppSpec spec, RestartPolicy policy) {
        this.spec = spec;
        this.policy = policy;
    }

    String name() {
        return spec.name();
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
