package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** cron_restart on a real one-minute schedule: a fork app restarts, a cluster app reloads, and describe says when next. */
class CronRestartIT {
    /** "* * * * *" fires within 60 s of the start; 15 s more covers a slow start of the replacement. */
    private static final long WAIT_MS = 75_000;

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    void everyMinuteRestartsForkAppsAndReloadsClusterApps() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path file = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(file, "apps:\n"
                + "  - {name: worker, jar: " + FixtureJars.build(jpm.home(), Sleeper.class) + ", cron_restart: '* * * * *'}\n"
                + "  - {name: web, jar: " + JpmHarness.demoJar() + ", port: " + port + ", host: 127.0.0.1, health_path: /health,"
                + " cron_restart: '* * * * *', jvm_args: [-Xmx64m]}\n");
        jpm.jpm("start", file.toString()).expectOk();
        long workerPid = pid("worker");
        long webPid = pid("web");
        String before = jpm.jpm("describe", "worker").expectOk().out();
        assertTrue(before.matches("(?s).*cron_restart\\s+\\* \\* \\* \\* \\*, next \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d.*"), before);

        JpmHarness.await("both apps restarted by the schedule", WAIT_MS,
                () -> online("worker") && pid("worker") != workerPid && online("web") && pid("web") != webPid);
        String describe = jpm.jpm("describe", "all").expectOk().out();
        assertTrue(describe.contains("killed by SIGTERM (status 143) after"), describe);
        assertTrue(describe.contains("(cron_restart (* * * * *))"), describe);
        assertTrue(describe.contains("replaced after"), "the cluster instance was reloaded beside the old one: " + describe);
        String log = jpm.daemonLog();
        assertTrue(log.contains("worker: cron_restart (* * * * *) is due; restarting 1 online instance(s)"), log);
        assertTrue(log.contains("web: cron_restart (* * * * *) is due; reloading 1 online instance(s)"), log);
    }

    private Map<String, Object> row(String name) {
        try {
            return jpm.list().stream().filter(r -> name.equals(r.get("name"))).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long pid(String name) {
        return row(name).get("pid") instanceof Long pid ? pid : -1;
    }

    private boolean online(String name) {
        return "online".equals(row(name).get("status"));
    }
}
