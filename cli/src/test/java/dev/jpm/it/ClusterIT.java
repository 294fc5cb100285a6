package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.wire.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cluster mode with the real demo app: balancing, crashes, reload and scale under load. */
class ClusterIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        port = freePort();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void startDemo(int instances) throws Exception {
        Path file = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(file, "apps:\n  - name: demo\n    jar: " + JpmHarness.demoJar() + "\n    instances: " + instances
                + "\n    port: " + port + "\n    host: 127.0.0.1\n    health_path: /health\n    jvm_args: [-Xmx64m, -XX:+UseSerialGC]\n");
        JpmHarness.Result r = jpm.jpm("start", file.toString()).expectOk();
        assertTrue(r.out().contains("online"), r.out());
        List<Map<String, Object>> rows = jpm.list();
        assertEquals(instances, rows.size());
        rows.forEach(row -> assertEquals("online", row.get("status"), row.toString()));
    }

    private Set<Long> pids() throws Exception {
        Set<Long> pids = new HashSet<>();
        jpm.list().forEach(r -> pids.add((Long) r.get("pid")));
        return pids;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void sequentialRequestsReachEveryInstanceEvenly(int instances) throws Exception {
        startDemo(instances);
        Map<Long, Integer> hits = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            Map<?, ?> body = (Map<?, ?>) Json.parse(HttpLoad.get(port, "/pid"));
            hits.merge((Long) body.get("pid"), 1, Integer::sum);
        }
        assertEquals(pids(), hits.keySet(), "every instance answered");
        double share = 100.0 / instances;
        for (int count : hits.values()) {
            assertTrue(Math.abs(count - share) <= share * 0.2, "uneven split " + hits);
        }
        long served = jpm.list().stream().mapToLong(r -> (Long) r.get("served")).sum();
        assertTrue(served >= 100, "list counts connections served: " + served);
    }

    @Test
    void killingAnInstanceUnderLoadKeepsNewConnectionsSucceeding() throws Exception {
        startDemo(2);
        try (HttpLoad load = new HttpLoad(port, "/", 2, 50_000, 60_000)) {
            load.awaitMore(200, 30_000);
            long victim = pids().iterator().next();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            long failedAtKill = load.failed();
            load.awaitMore(500, 30_000);
            // only requests in flight on the killed instance may fail: at most one per load thread
            assertTrue(load.failed() - failedAtKill <= 2, "failures after the kill: " + load.failures());
        }
        JpmHarness.await("the killed instance replaced", 30_000, () -> {
            try {
                return jpm.list().stream().allMatch(r -> "online".equals(r.get("status")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void reloadUnderLoadFailsNoRequest() throws Exception {
        startDemo(2);
        Set<Long> before = pids();
        try (HttpLoad load = new HttpLoad(port, "/", 3, 100_000, 120_000)) {
            load.awaitMore(200, 30_000);
            jpm.jpm("reload", "demo").expectOk();
            load.awaitMore(200, 30_000);
            assertEquals(0, load.failed(), "failed requests: " + load.failures());
        }
        Set<Long> after = pids();
        after.forEach(jpm::remember);
        assertTrue(java.util.Collections.disjoint(before, after), "every process replaced: " + before + " -> " + after);
        for (long old : before) {
            assertFalse(ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false), "old instance " + old + " stopped");
        }
    }

    @Test
    void scaleUpAndDownUnderLoadFailsNoRequest() throws Exception {
        startDemo(2);
        try (HttpLoad load = new HttpLoad(port, "/pid", 3, 100_000, 120_000)) {
            load.awaitMore(100, 30_000);
            jpm.jpm("scale", "demo", "+1").expectOk();
            assertEquals(3, jpm.list().size());
            load.awaitMore(300, 30_000);
            jpm.jpm("scale", "demo", "1").expectOk();
            assertEquals(1, jpm.list().size());
            load.awaitMore(100, 30_000);
            assertEquals(0, load.failed(), "failed requests: " + load.failures());
            assertTrue(load.bodies().size() >= 3, "the third instance served too: " + load.bodies().keySet());
        }
    }

    @Test
    void aTakenPublicPortIsAClearErrorAndNothingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            Path file = jpm.home().resolve("ecosystem.yaml");
            Files.writeString(file, "apps:\n  - name: demo\n    jar: " + JpmHarness.demoJar() + "\n    instances: 2\n    port: "
                    + port + "\n    host: 127.0.0.1\n");
            JpmHarness.Result r = jpm.jpm("start", file.toString());
            assertEquals(4, r.exitCode(), r.err());
            assertTrue(r.err().contains("port " + port) && r.err().contains("already in use"), r.err());
            assertTrue(jpm.list().isEmpty(), "no half-started app");
        }
        jpm.jpm("ping").expectOk();
    }

    @Test
    void listShowsThePublicPortAndPerInstanceTraffic() throws Exception {
        startDemo(2);
        for (int i = 0; i < 10; i++) {
            HttpLoad.get(port, "/");
        }
        for (Map<String, Object> row : jpm.list()) {
            assertEquals((long) port, row.get("public_port"));
            assertNotEquals(null, row.get("port"));
            assertEquals(5L, row.get("served"), row.toString());
            assertEquals(0L, row.get("connections"));
        }
        String describe = jpm.jpm("describe", "demo").expectOk().out();
        assertTrue(describe.contains("127.0.0.1:" + port + " (tcp, round_robin)"), describe);
    }

    @Test
    void anInstanceThatNeverListensIsNotRoutedAndIsRestartedAfterListenTimeout() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), dev.jpm.it.fixtures.Sleeper.class);
        Path file = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(file, "apps:\n  - name: mute\n    jar: " + jar + "\n    port: " + port
                + "\n    host: 127.0.0.1\n    listen_timeout: 1s\n    kill_timeout: 1s\n    min_uptime: 5s\n    max_restarts: 1\n");
        JpmHarness.Result start = jpm.jpm("start", file.toString());
        assertEquals(10, start.exitCode(), start.err());
        assertTrue(start.err().contains("within listen_timeout"), start.err());
        JpmHarness.await("errored after failed starts", 60_000, () -> {
            try {
                return "errored".equals(jpm.list().get(0).get("status"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(jpm.daemonLog().contains("within listen_timeout"), jpm.daemonLog());
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> HttpLoad.get(port, "/"),
                "no instance online, so the public port routes nowhere");
    }

    @Test
    void aNewDaemonRebindsThePublicPortAndRoutesToReadoptedInstances() throws Exception {
        startDemo(2);
        Set<Long> before = pids();
        long daemon = jpm.daemonPid();
        ProcessHandle.of(daemon).orElseThrow().destroyForcibly();
        ProcessHandle.of(daemon).orElseThrow().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(before, pids(), "re-adopted, not restarted");
        Set<Long> answered = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            answered.add((Long) ((Map<?, ?>) Json.parse(HttpLoad.get(port, "/pid"))).get("pid"));
        }
        assertEquals(before, answered);
    }
}
