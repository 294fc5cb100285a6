package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OOM policy, heap dumps, GC logs and cds: auto on real demo instances: an instance driven out
 * of heap by /fault/oom exits (ExitOnOutOfMemoryError, on by default), is restarted, leaves one
 * valid heap dump with heap_dump_on_oom, and describe names OutOfMemoryError as the cause.
 */
class JvmPolicyIT {
    /** Where Debian's and Adoptium's packages put a JDK new enough for -XX:+AutoCreateSharedArchive. */
    private static final List<Path> NEW_JDKS = List.of(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"),
            Path.of("/usr/lib/jvm/temurin-21-jdk-amd64/bin/java"), Path.of("/usr/lib/jvm/java-21-openjdk-amd64/bin/java"));

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @AfterEach
    void killLostProcesses() {
        HomeProcesses.killAll(jpm.home());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(jpm.home().resolve("ecosystem.yaml"), text);
    }

    private Map<String, Object> row() throws Exception {
        return jpm.list().get(0);
    }

    private void awaitOnline(String what, long notPid) throws InterruptedException {
        JpmHarness.await(what, 60_000, () -> {
            try {
                Map<String, Object> row = row();
                return "online".equals(row.get("status")) && row.get("pid") != null && (Long) row.get("pid") != notPid;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Sends the request and reads until the server closes: the instance dies without answering. */
    private static void request(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.readAllBytes();
        } catch (java.net.SocketException e) {
            // reset by the dying instance or the balancer: expected
        }
    }

    @Test
    void anInstanceOutOfHeapExitsIsRestartedAndLeavesOneHeapDumpAndAGcLog() throws Exception {
        int port = freePort();
        Path file = yaml("apps:\n  - name: demo\n    jar: " + JpmHarness.demoJar() + "\n    port: " + port
                + "\n    host: 127.0.0.1\n    health_path: /health\n    jvm_args: [-Xmx32m, -XX:+UseSerialGC]\n"
                + "    env:\n      DEMO_FAULTS: \"1\"\n    heap_dump_on_oom: true\n    gc_log: true\n");
        jpm.jpm("start", file.toString()).expectOk();
        long first = (Long) row().get("pid");
        jpm.remember(first);
        String cmdline = Files.readString(Path.of("/proc", Long.toString(first), "cmdline")).replace('\0', ' ');
        assertTrue(cmdline.contains("-XX:+ExitOnOutOfMemoryError") && cmdline.contains("-XX:ErrorFile=" + jpm.home().resolve("logs")),
                cmdline);

        request(port, "/fault/oom");
        awaitOnline("a new process after the OutOfMemoryError", first);
        jpm.remember((Long) row().get("pid"));
        assertEquals(1L, row().get("restarts"));

        String describe = jpm.jpm("describe", "demo").expectOk().out();
        assertTrue(describe.contains("exit code 3 after"), describe);
        assertTrue(describe.contains("OutOfMemoryError: Java heap space; heap dump " + jpm.home().resolve("dumps/demo/java_pid" + first + ".hprof")),
                describe);

        List<Path> dumps;
        try (Stream<Path> files = Files.list(jpm.home().resolve("dumps/demo"))) {
            dumps = files.toList();
        }
        assertEquals(List.of(jpm.home().resolve("dumps/demo/java_pid" + first + ".hprof")), dumps);
        byte[] header = new byte[18];
        try (InputStream in = Files.newInputStream(dumps.get(0))) {
            assertEquals(18, in.readNBytes(header, 0, 18));
        }
        assertEquals("JAVA PROFILE 1.0.2", new String(header, StandardCharsets.US_ASCII));

        Path gcLog = jpm.home().resolve("logs/demo-0-gc.log");
        assertTrue(Files.isRegularFile(gcLog), "no GC log at " + gcLog);
        assertTrue(Files.readString(gcLog).contains("Using Serial"), Files.readString(gcLog));
    }

    @Test
    void cdsAutoMakesAnArchiveOnTheFirstRunAndKeepsItForTheNext() throws Exception {
        Path java = NEW_JDKS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(java != null, "no JDK 19+ installed at " + NEW_JDKS);
        int port = freePort();
        Path file = yaml("apps:\n  - name: demo\n    jar: " + JpmHarness.demoJar() + "\n    java: " + java + "\n    port: " + port
                + "\n    host: 127.0.0.1\n    health_path: /health\n    jvm_args: [-Xmx64m]\n    cds: auto\n");
        jpm.jpm("start", file.toString()).expectOk();
        long first = (Long) row().get("pid");
        jpm.remember(first);
        // the JVM writes the archive as it exits
        jpm.jpm("restart", "demo").expectOk();
        long second = (Long) row().get("pid");
        jpm.remember(second);
        assertNotEquals(first, second);
        List<Path> archives;
        // the apps' archives; the daemon's own is in cds/jpm/
        try (Stream<Path> files = Files.list(jpm.home().resolve("cds"))) {
            archives = files.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, archives.size(), archives::toString);
        assertTrue(archives.get(0).getFileName().toString().matches("demo-[0-9a-f]{16}\\.jsa"), archives::toString);
        assertTrue(Files.size(archives.get(0)) > 100_000, "an archive with the app's classes: " + Files.size(archives.get(0)));
        String cmdline = Files.readString(Path.of("/proc", Long.toString(second), "cmdline")).replace('\0', ' ');
        assertTrue(cmdline.contains("-XX:SharedArchiveFile=" + archives.get(0)), cmdline);
    }

    @Test
    void startWarnsOfAHeapThatCannotFitUnderMaxMemoryRestart() throws Exception {
        Path file = yaml("apps:\n  - name: demo\n    jar: " + JpmHarness.demoJar() + "\n    jvm_args: [-Xmx512m]\n"
                + "    max_memory_restart: 600M\n");
        JpmHarness.Result r = jpm.jpm("start", file.toString()).expectOk();
        jpm.remember((Long) row().get("pid"));
        assertTrue(r.err().contains("app 'demo': -Xmx512m plus about 179 MiB outside the heap") && r.err().contains("-Xmx429m would fit"),
                r.err());
    }
}
