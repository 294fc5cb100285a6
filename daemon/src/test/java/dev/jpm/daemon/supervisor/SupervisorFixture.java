package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.Notices;
import dev.jpm.daemon.balancer.Balancer;
import dev.jpm.daemon.state.DaemonState;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.home.JpmHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real supervisor (its thread, its restart policy, a real balancer and readiness probe) over
 * {@link FakeProcesses}: what happens when is up to the test, and each test takes seconds.
 */
final class SupervisorFixture {
    /** Generous: a step that takes this long has hung. */
    static final long HANG_SECONDS = 10;

    final FakeProcesses processes;
    final Balancer balancer = new Balancer(1);
    final List<DaemonState> saved = new CopyOnWriteArrayList<>();
    final Supervisor supervisor;
    private final Path dir;

    SupervisorFixture(Path dir) throws IOException {
        this(dir, dev.jpm.daemon.policy.Clock.system());
    }

    /** With the clock the supervisor's policies and schedules read. */
    SupervisorFixture(Path dir, dev.jpm.daemon.policy.Clock clock) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("logs"));
        processes = new FakeProcesses(new JpmHome(dir));
        supervisor = new Supervisor(processes, balancer, clock, saved::add, List::of, new Notices());
    }

    /** An app the launch checks accept: its jar and java exist, though only the fake runs them. */
    AppSpec app(String name, RestartSettings restart, ClusterSettings cluster) throws IOException {
        Path java = dir.resolve("java");
        if (!Files.exists(java)) {
            Files.writeString(java, "#!/bin/sh\nexit 99\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        }
        Path jar = dir.resolve(name + ".jar");
        Files.writeString(jar, "never read");
        return new AppSpec(name, jar.toString(), null, null, java.toString(), dir.toString(), 1, null, restart, cluster,
                null, null, null, null, null);
    }

    /**
     * Restart settings: autorestart on, 3 unstable restarts, {@code minUptimeMs} before a fork-mode
     * instance counts as online, {@code restartDelayMs} before a restart, 1 s kill timeout.
     */
    static RestartSettings restart(long minUptimeMs, long restartDelayMs) {
        return new RestartSettings(true, 3, minUptimeMs, restartDelayMs, 0, 0, 1_000, null);
    }

    /** Cluster mode on a free loopback port, with a short listen_timeout so that a failed replacement fails fast. */
    static ClusterSettings cluster(long listenTimeoutMs) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new ClusterSettings(probe.getLocalPort(), "127.0.0.1", null, null, listenTimeoutMs, 0);
        }
    }

    /** The first published model for which {@code condition} holds. */
    ModelSnapshot await(Predicate<ModelSnapshot> condition) throws Exception {
        return supervisor.reader().when(condition).get(HANG_SECONDS, TimeUnit.SECONDS);
    }

    InstanceSnapshot awaitInstance(int id, Predicate<InstanceSnapshot> condition) throws Exception {
        return await(m -> m.instances().stream().anyMatch(i -> i.id() == id && condition.test(i)))
                .instances().stream().filter(i -> i.id() == id).findFirst().orElseThrow();
    }

    InstanceSnapshot only() {
        List<InstanceSnapshot> all = supervisor.reader().model().instances();
        if (all.size() != 1) {
            throw new AssertionError("expected one instance, not " + all);
        }
        return all.get(0);
    }

    /** Returns once the supervisor's thread has run everything queued before this call (an exit's handling, say). */
    void settleLoop() throws Exception {
        supervisor.call(() -> null).get(HANG_SECONDS, TimeUnit.SECONDS);
    }

    void close() throws Exception {
        try {
            supervisor.stopEverything().get(HANG_SECONDS, TimeUnit.SECONDS);
        } finally {
            supervisor.shutdown();
            balancer.close();
            processes.exitAll();
        }
    }
}
