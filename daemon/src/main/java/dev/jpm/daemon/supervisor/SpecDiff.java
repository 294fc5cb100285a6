package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What differs between a running app's spec and the one its ecosystem file now declares, sorted
 * by what the difference costs (an update in place acts on the dearest kind):
 * <ul>
 * <li>{@code publicSide}: the public port itself (added, removed, another port, host, protocol,
 *     strategy, max_connections, forwarded, proxy_protocol). One port cannot be balanced two ways
 *     at once, and a new port cannot take over the old one's clients, so the app is restarted on
 *     the new public port: the one change that costs a short outage, said so in the output.</li>
 * <li>{@code process}: what the JVM is started with (jar, args, jvm_args, java, cwd, env, the log
 *     and jvm settings): only a new process runs it, so the instances are rolled over (cluster
 *     mode, no request lost) or restarted (no port).</li>
 * <li>{@code settings}: what jpm itself applies (restart policy, stop, liveness, health_path,
 *     listen_timeout): the spec is swapped, no process is touched; they apply from the next
 *     exit, stop, check or launch.</li>
 * </ul>
 * {@code instances} is not compared here: the count is scaled to after the rest.
 * Each list holds the ecosystem keys (or groups) that differ, for the output.
 */
record SpecDiff(List<String> publicSide, List<String> process, List<String> settings) {

    static SpecDiff between(AppSpec running, AppSpec wanted) {
        List<String> publicSide = new ArrayList<>();
        List<String> process = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        differ(process, "jar", running.jar(), wanted.jar());
        differ(process, "args", running.args(), wanted.args());
        differ(process, "jvm_args", running.jvmArgs(), wanted.jvmArgs());
        differ(process, "java", running.java(), wanted.java());
        differ(process, "cwd", running.cwd(), wanted.cwd());
        differ(process, "env", running.env(), wanted.env());
        differ(process, "log settings", running.logs(), wanted.logs());
        differ(process, "jvm settings", running.jvm(), wanted.jvm());
        differ(settings, "restart policy", running.restart(), wanted.restart());
        differ(settings, "stop settings", running.stop(), wanted.stop());
        differ(settings, "health checks", running.liveness(), wanted.liveness());
        ClusterSettings was = running.cluster();
        ClusterSettings now = wanted.cluster();
        if (was == null || now == null) {
            differ(publicSide, "port", was == null ? null : was.port(), now == null ? null : now.port());
        } else {
            differ(publicSide, "port", was.port(), now.port());
            differ(publicSide, "host", was.host(), now.host());
            differ(publicSide, "protocol", was.protocol(), now.protocol());
            differ(publicSide, "strategy", was.strategy(), now.strategy());
            differ(publicSide, "max_connections", was.maxConnections(), now.maxConnections());
            differ(publicSide, "forwarded", was.forwarded(), now.forwarded());
            differ(publicSide, "proxy_protocol", was.proxyProtocol(), now.proxyProtocol());
            differ(settings, "health_path", was.healthPath(), now.healthPath());
            differ(settings, "listen_timeout", was.listenTimeoutMs(), now.listenTimeoutMs());
        }
        return new SpecDiff(List.copyOf(publicSide), List.copyOf(process), List.copyOf(settings));
    }

    boolean none() {
        return publicSide.isEmpty() && process.isEmpty() && settings.isEmpty();
    }

    /** Every key that differs, dearest first: "port, env". */
    String describe() {
        List<String> all = new ArrayList<>(publicSide);
        all.addAll(process);
        all.addAll(settings);
        return String.join(", ", all);
    }

    private static void differ(List<String> into, String key, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            into.add(key);
        }
    }
}
