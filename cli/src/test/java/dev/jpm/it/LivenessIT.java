package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster instance whose /health hangs ({@code /fault/hang-health}) is replaced beside the old
 * one, under a keep-alive load that sees no failed request, and describe says why.
 */
class LivenessIT {
    private static final long INTERVAL_MS = 2_000;
    private static final long TIMEOUT_MS = 1_000;
    private static final int FAILURES = 3;
    /** Two demo JVMs start in 1-3 s here; 20 s covers a box busy with other builds. */
    private static final long START_ALLOWANCE_MS = 20_000;

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    void anInstanceWhoseHealthHangsIsReplacedWithoutAFailedRequest() throws Exception {
        int port = freePort();
        Path file = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(file, "apps:\n  - name: web\n    jar: " + JpmHarness.demoJar() + "\n    instances: 2\n    port: " + port
                + "\n    host: 127.0.0.1\n    protocol: http\n    health_path: /health\n    health_interval: " + INTERVAL_MS
                + "\n    health_timeout: " + TIMEOUT_MS + "\n    health_failures: " + FAILURES
                + "\n    env: {DEMO_FAULTS: '1'}\n    jvm_args: [-Xmx64m, -XX:+UseSerialGC]\n");
        jpm.jpm("start", file.toString()).expectOk();
        Map<String, Object> victim = jpm.list().get(0);
        long oldPid = (Long) victim.get("pid");
        long id = (Long) victim.get("id");
        long internalPort = (Long) victim.get("port");

        long hungAt;
        long replacedAfterMs;
        try (PacedKeepAliveLoad load = new PacedKeepAliveLoad(port, "/", 120_000)) {
            Thread.sleep(1_000);
            // straight to the instance, not through the balancer: this one, and only it, hangs
            assertTrue(HttpLoad.get((int) internalPort, "/fault/hang-health").contains("hangs"));
            hungAt = System.currentTimeMillis();
            long bound = INTERVAL_MS * FAILURES + TIMEOUT_MS + START_ALLOWANCE_MS;
            JpmHarness.await("instance " + id + " replaced", bound, () -> {
                Map<String, Object> row = row(id);
                return "online".equals(row.get("status")) && row.get("pid") instanceof Long pid && pid != oldPid;
            });
            replacedAfterMs = System.currentTimeMillis() - hungAt;
            Thread.sleep(2_000);
            load.close();
            System.out.println("[LivenessIT] hung instance replaced " + replacedAfterMs + " ms after the hang (checks every "
                    + INTERVAL_MS + " ms, " + FAILURES + " failures, " + TIMEOUT_MS + " ms timeout); load: " + load.ok()
                    + " requests answered, failures " + load.failures());
            assertEquals(List.of(), load.failures());
            assertTrue(load.ok() > 500, "the load ran: " + load.ok());
        }
        JpmHarness.await("the hung process stopped", 15_000, () -> ProcessHandle.of(oldPid).map(p -> !p.isAlive()).orElse(true));
        String describe = jpm.jpm("describe", Long.toString(id)).expectOk().out();
        assertTrue(describe.contains("(liveness: 3 health checks failed: timeout after 1s)"), describe);
        assertTrue(describe.contains("GET /health every 2s"), describe);
        assertTrue(jpm.daemonLog().contains("failed a liveness check (1 of 3 in a row): timeout after 1s"), jpm.daemonLog());
        // the healthy instance was left alone
        assertEquals(0L, jpm.list().get(1).get("restarts"));
    }

    private Map<String, Object> row(long id) {
        try {
            return jpm.list().stream().filter(r -> Long.valueOf(id).equals(r.get("id"))).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
