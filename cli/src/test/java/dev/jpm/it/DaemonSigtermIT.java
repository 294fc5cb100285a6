package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM ends the daemon, not the apps: it says so in daemon.log, the instances keep running,
 * and the next command's new daemon adopts them (same pids, online).
 */
class DaemonSigtermIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    void sigtermIsLoggedAndTheInstancesAreAdoptedByTheNextDaemon() throws Exception {
        jpm.jpm("start", FixtureJars.build(jpm.home(), Sleeper.class).toString(), "-i", "2", "--name", "calm").expectOk();
        List<Long> pids = jpm.list().stream().map(row -> (Long) row.get("pid")).sorted().toList();
        long daemon = jpm.daemonPid();
        ProcessHandle handle = ProcessHandle.of(daemon).orElseThrow();

        FrozenDaemonIT.signal("TERM", daemon);
        handle.onExit().get(15, TimeUnit.SECONDS);

        String log = jpm.daemonLog();
        assertTrue(log.contains("SIGTERM"), log);
        assertTrue(log.contains("instances keep running"), log);
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "instance " + pid + " died with the daemon");
        }
        List<Map<String, Object>> rows = jpm.list();
        assertEquals(pids, rows.stream().map(row -> (Long) row.get("pid")).sorted().toList(), rows.toString());
        assertTrue(rows.stream().allMatch(row -> "online".equals(row.get("status"))), rows.toString());
        assertNotEquals(daemon, jpm.daemonPid());
    }
}
