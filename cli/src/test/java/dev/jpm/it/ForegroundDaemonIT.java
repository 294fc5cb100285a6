package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon as the unit of {@code jpm startup} runs it (its ExecStart, read from
 * {@code --print}), playing systemd's part by hand: killed -9 and started again it re-adopts the
 * instances and rebinds the public port; SIGTERM ({@code systemctl stop}) stops every instance
 * and exits 0; a start after that clean stop brings the saved apps back, a start after a crash
 * does not.
 */
class ForegroundDaemonIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();
    private Process service;

    @AfterEach
    void stopService() {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
        }
    }

    @Test
    void aDaemonRestartedAfterKill9ReadoptsItsInstancesAndRebindsThePortThenSigtermStopsThemAll() throws Exception {
        List<String> execStart = UnitText.parse(jpm.jpm("startup", "--print", "--user").expectOk().out()).execStart();
        service = startService(execStart, "first");
        int port = freePort();
        jpm.jpm("start", JpmHarness.demoJar().toString(), "-i", "2", "--port", Integer.toString(port), "--name", "web").expectOk();
        List<Long> pids = pids();
        assertEquals(2, pids.size());
        assertTrue(answers(port));

        service.destroyForcibly(); // kill -9: no hook, no clean-up, as a crash
        assertTrue(service.waitFor(15, TimeUnit.SECONDS));
        assertFalse(answers(port), "the port went down with the daemon");
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "instance " + pid + " died with the daemon");
        }

        long restarted = System.nanoTime();
        service = startService(execStart, "second");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!answers(port)) {
            assertTrue(System.currentTimeMillis() < deadline, "the public port was not rebound");
            Thread.sleep(10);
        }
        long portBackMs = (System.nanoTime() - restarted) / 1_000_000;
        assertEquals(pids, pids(), "the same instances, re-adopted");
        long listedMs = (System.nanoTime() - restarted) / 1_000_000;
        System.out.println("[measure] foreground daemon restarted after kill -9: public port answering after " + portBackMs
                + " ms (JVM start included); 'jpm list' showing the same pids online after " + listedMs + " ms");
        String log = jpm.daemonLog();
        assertTrue(log.contains("re-adopted web#0"), log);
        assertTrue(Files.readString(jpm.home().resolve("service-second.err")).contains("re-adopted web#0"), "the log on stderr too");
        assertTrue(log.contains("did not stop cleanly"), "no resurrect after a crash: " + log);

        FrozenDaemonIT.signal("TERM", service.pid());
        assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the daemon did not exit after SIGTERM");
        assertEquals(0, service.exitValue());
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "instance " + pid + " outlived the stop");
        }
        assertFalse(Files.exists(jpm.home().resolve("daemon.pid")), "a clean stop removes daemon.pid");
    }

    @Test
    void aStartAfterACleanStopResurrectsTheSavedAppsAStartAfterACrashDoesNot() throws Exception {
        List<String> execStart = UnitText.parse(jpm.jpm("startup", "--print", "--user").expectOk().out()).execStart();
        service = startService(execStart, "first");
        jpm.jpm("start", FixtureJars.build(jpm.home(), Sleeper.class).toString(), "--name", "calm").expectOk();
        jpm.jpm("save").expectOk();
        long before = pids().get(0);
        FrozenDaemonIT.signal("TERM", service.pid());
        assertTrue(service.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, service.exitValue());
        assertFalse(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false));

        service = startService(execStart, "boot"); // as at boot
        JpmHarness.await("the saved app back", 30_000, () -> online().size() == 1);
        assertEquals("calm", online().get(0).get("name"));

        jpm.jpm("delete", "calm").expectOk();
        service.destroyForcibly();
        assertTrue(service.waitFor(15, TimeUnit.SECONDS));
        service = startService(execStart, "after-crash");
        assertTrue(jpm.list().isEmpty(), "an app deleted before the crash came back");
    }

    /**
     * What {@code jpm startup} relies on to hand over without a stop: the unit's daemon, started
     * while a detached one serves, waits for the lock; SIGTERM to the detached one (which leaves
     * its instances) lets it take over and adopt them.
     */
    @Test
    void aServiceStartedWhileADetachedDaemonServesWaitsThenAdoptsItsInstances() throws Exception {
        jpm.jpm("start", FixtureJars.build(jpm.home(), Sleeper.class).toString(), "-i", "2", "--name", "calm").expectOk();
        List<Long> pids = pids();
        long detached = jpm.daemonPid();
        List<String> execStart = UnitText.parse(jpm.jpm("startup", "--print", "--user").expectOk().out()).execStart();
        service = spawnService(execStart, "waiting");
        JpmHarness.await("the service's daemon to wait for the lock", 30_000, () -> readQuietly("service-waiting.err")
                .contains("waiting for it to exit"));
        assertEquals(detached, jpm.daemonPid(), "the detached daemon still serves");

        FrozenDaemonIT.signal("TERM", detached);
        JpmHarness.await("the service's daemon to take over", 30_000, () -> Long.valueOf(service.pid()).equals(pidFile()));
        assertEquals(pids, pids(), "the same instances, adopted");
        assertTrue(online().size() == 2, jpm.list().toString());
    }

    private String readQuietly(String file) {
        try {
            return Files.readString(jpm.home().resolve(file));
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs the unit's command with the unit's environment, its stdout and stderr to files (systemd's journal). */
    private Process startService(List<String> execStart, String name) throws Exception {
        Process process = spawnService(execStart, name);
        JpmHarness.await("the service's daemon to listen", 30_000, () -> Files.exists(jpm.home().resolve("daemon.sock"))
                && Long.valueOf(process.pid()).equals(pidFile()));
        return process;
    }

    private Process spawnService(List<String> execStart, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(execStart);
        pb.environment().put("JPM_HOME", jpm.home().toString());
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.redirectOutput(jpm.home().resolve("service-" + name + ".out").toFile());
        pb.redirectError(jpm.home().resolve("service-" + name + ".err").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = pb.start();
        jpm.remember(process.pid());
        return process;
    }

    private Long pidFile() {
        try {
            return jpm.daemonPid();
        } catch (IOException | NumberFormatException e) {
            return null; // being written
        }
    }

    private List<Long> pids() throws Exception {
        return jpm.list().stream().map(row -> (Long) row.get("pid")).sorted().toList();
    }

    private List<Map<String, Object>> online() {
        try {
            return jpm.list().stream().filter(row -> "online".equals(row.get("status"))).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** An HTTP answer through the public port. */
    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] head = socket.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
