package dev.jpm.protocol.ecosystem;

import java.util.List;
import java.util.Map;

/**
 * One app as the user declared it, with paths made absolute and the env profile merged in.
 * It is what the CLI sends to the daemon, what {@code dump.json} keeps, and what a future
 * {@code jpm export} would read: so it holds nothing of the daemon's running state.
 *
 * @param instances as declared: N, 0 for one per core, -1 for one per core but one
 * @param cluster   null for an app without a public port (fork mode)
 * @param stop      how an instance is stopped; defaults when null (also for a dump.json from before the key)
 * @param liveness  health checks while an instance runs; defaults when null
 * @param jvm       what jpm adds to the JVM's options; defaults when null
 * @param source    the ecosystem file the app came from, or null when started from a jar
 */
public record AppSpec(
        String name,
        String jar,
        List<String> args,
        List<String> jvmArgs,
        String java,
        String cwd,
        int instances,
        Map<String, String> env,
        RestartSettings restart,
        ClusterSettings cluster,
        LogSettings logs,
        StopSettings stop,
        LivenessSettings liveness,
        JvmSettings jvm,
        String source) {

    public AppSpec {
        args = args == null ? List.of() : List.copyOf(args);
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        env = env == null ? Map.of() : Map.copyOf(env);
        restart = restart == null ? RestartSettings.DEFAULTS : restart;
        logs = logs == null ? LogSettings.DEFAULTS : logs;
        stop = stop == null ? StopSettings.DEFAULTS : stop;
        liveness = liveness == null ? LivenessSettings.DEFAULTS : liveness;
        jvm = jvm == null ? JvmSettings.DEFAULTS : jvm;
    }

    /** The number of instances to run on a machine with {@code cores} processors. */
    public int instanceCount(int cores) {
        if (instances > 0) {
            return instances;
        }
        return instances == 0 ? cores : Math.max(1, cores - 1);
    }

    public AppSpec withInstances(int count) {
        return new AppSpec(name, jar, args, jvmArgs, java, cwd, count, env, restart, cluster, logs, stop, liveness, jvm, source);
    }

    public AppSpec withCluster(ClusterSettings newCluster) {
        return new AppSpec(name, jar, args, jvmArgs, java, cwd, instances, env, restart, newCluster, logs, stop, liveness, jvm, source);
    }

    public AppSpec withEnv(Map<String, String> newEnv) {
        return new AppSpec(name, jar, args, jvmArgs, java, cwd, instances, newEnv, restart, cluster, logs, stop, liveness, jvm, source);
    }

    public AppSpec withName(String newName) {
        return new AppSpec(newName, jar, args, jvmArgs, java, cwd, instances, env, restart, cluster, logs, stop, liveness, jvm, source);
    }
}
