package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import dev.jpm.protocol.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * threaddump, heapdump, jfr and signal against real instances, through jpm's own HotSpot attach:
 * the dumps are real (a thread dump with the main thread, a deadlock the demo makes on request,
 * an HPROF file, a JFR file the JDK's own {@code jfr} tool reads), the dumps folder keeps
 * dump_retain of each kind, refuses a planted link, and a frozen JVM costs a deadline and a clear
 * message, not a hang.
 */
class JvmOperationsIT {
    private static final byte[] HPROF_HEADER = "JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII);
    private static final int UNSAFE_PATH = 9;
    private static final int UNRESPONSIVE = 12;
    /** The daemon's own steps: 5 s for the attach listener to come up, then 5 s for SIGQUIT's dump, or a 10 s reply. */
    private static final long FROZEN_LIMIT_MS = 20_000;

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    @SuppressWarnings("unchecked")
    void aThreadDumpHoldsTheMainThreadAndIsKeptAndItsJsonHasOneObjectPerThread() throws Exception {
        startSleeper();

        JpmHarness.Result text = jpm.jpm("threaddump", "sleeper").expectOk();
        JpmHarness.Result json = jpm.jpm("threaddump", "sleeper", "--json").expectOk();

        assertTrue(text.out().contains("\"main\" #1 prio=5"), text.out());
        assertTrue(text.out().contains("at dev.jpm.it.fixtures.Sleeper.main"), text.out());
        assertTrue(text.out().contains("taken by attach"), text.out());
        List<Map<String, Object>> instances = (List<Map<String, Object>>) Json.parse(json.out().trim());
        assertEquals(1, instances.size());
        List<Map<String, Object>> threads = (List<Map<String, Object>>) instances.get(0).get("threads");
        Map<String, Object> main = threads.stream().filter(t -> "main".equals(t.get("name"))).findFirst().orElseThrow();
        assertEquals("TIMED_WAITING (sleeping)", main.get("state"));
        assertEquals(false, main.get("daemon"));
        assertEquals(5L, main.get("priority"));
        List<Map<String, Object>> stack = (List<Map<String, Object>>) main.get("stack");
        assertTrue(stack.stream().anyMatch(f -> ((String) f.get("at")).startsWith("dev.jpm.it.fixtures.Sleeper.main")), stack.toString());
        assertEquals(0L, instances.get(0).get("deadlocks"));
        assertEquals(2, dumps("sleeper", "threaddump-").size(), "both dumps kept");
        System.out.println("JvmOperationsIT: " + threads.size() + " threads in the sleeper's dump");
    }

    @Test
    void withAttachDisabledTheDumpIsCutOutOfTheOutLogAfterSigquit() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        Path yaml = Files.writeString(jpm.home().resolve("sleeper.yaml"), "apps:\n  - name: sleeper\n    jar: " + jar
                + "\n    jvm_args: [\"-XX:+DisableAttachMechanism\"]\n    kill_timeout: 2s\n");
        jpm.jpm("start", yaml.toString()).expectOk();
        jpm.list();

        JpmHarness.Result r = jpm.jpm("threaddump", "sleeper").expectOk();

        assertTrue(r.out().contains("taken by sigquit"), r.out());
        assertTrue(r.out().contains("\"main\" #1 prio=5") && r.out().contains("JNI global refs:"), r.out());
        assertFalse(r.out().contains("sleeper up, instance"), "the app's own lines before the dump are not in it: " + r.out());
        JpmHarness.Result heap = jpm.jpm("heapdump", "sleeper");
        assertEquals(UNRESPONSIVE, heap.exitCode(), heap.err());
        assertTrue(heap.err().contains("-XX:+DisableAttachMechanism"), heap.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadlockedPairIsReportedAtTheTop() throws Exception {
        int port = freePort();
        Path yaml = Files.writeString(jpm.home().resolve("demo.yaml"), "apps:\n  - name: demo\n    jar: " + JpmHarness.demoJar()
                + "\n    args: [\"--port=" + port + "\"]\n    env:\n      DEMO_FAULTS: \"1\"\n    kill_timeout: 2s\n");
        jpm.jpm("start", yaml.toString()).expectOk();
        jpm.list();
        awaitHttp(port, "/health");
        assertEquals(200, get(port, "/fault/deadlock"));

        JpmHarness.Result r = jpm.jpm("threaddump", "demo").expectOk();

        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(1).startsWith("!! JAVA-LEVEL DEADLOCK (1): threads \"demo-deadlock-a\", \"demo-deadlock-b\""), r.out());
        int report = lines.indexOf("Found one Java-level deadlock:");
        int firstThread = indexOfPrefix(lines, "\"Reference Handler\"");
        assertTrue(report > 0 && report < firstThread, "the report comes before the threads: " + report + " < " + firstThread);
        List<Map<String, Object>> json = (List<Map<String, Object>>) Json.parse(jpm.jpm("threaddump", "demo", "--json").expectOk().out().trim());
        assertEquals(List.of("demo-deadlock-a", "demo-deadlock-b"), json.get(0).get("deadlocked_threads"));
        List<Map<String, Object>> threads = (List<Map<String, Object>>) json.get(0).get("threads");
        Map<String, Object> a = threads.stream().filter(t -> "demo-deadlock-a".equals(t.get("name"))).findFirst().orElseThrow();
        assertEquals("BLOCKED (on object monitor)", a.get("state"));
    }

    @Test
    void heapDumpsAreHprofAndTheOldestGoesPastDumpRetain() throws Exception {
        startSleeper();

        List<Path> made = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JpmHarness.Result r = jpm.jpm("heapdump", "sleeper", i == 3 ? "--live" : "--json").expectOk();
            List<Path> now = dumps("sleeper", "heapdump-");
            made.add(now.stream().filter(p -> !made.contains(p)).findFirst().orElseThrow(() -> new AssertionError(r.out())));
            if (i == 0) {
                assertTrue(r.out().contains("\"bytes\":"), r.out());
            } else if (i == 3) {
                assertTrue(r.out().contains("✓ heap dump of sleeper#0 (id 0): " + made.get(3)), r.out());
                assertTrue(r.err().contains("heap dump of instance 0:"), "progress while it is written: " + r.err());
            }
        }

        List<Path> kept = dumps("sleeper", "heapdump-");
        assertEquals(3, kept.size(), kept.toString());
        assertFalse(kept.contains(made.get(0)), "the oldest was deleted");
        // as sets: two dumps in one second are named -<n>, which sorts before the unsuffixed name
        assertEquals(new java.util.HashSet<>(made.subList(1, 4)), new java.util.HashSet<>(kept));
        for (Path dump : kept) {
            assertArrayEquals(HPROF_HEADER, header(dump), dump + " is an HPROF file");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)));
        }
        Path chosen = jpm.home().resolve("mine.hprof");
        jpm.jpm("heapdump", "0", "-o", chosen.toString()).expectOk();
        assertArrayEquals(HPROF_HEADER, header(chosen));
        JpmHarness.Result again = jpm.jpm("heapdump", "0", "-o", chosen.toString());
        assertEquals(4, again.exitCode(), again.err());
        assertTrue(again.err().contains(chosen + " exists already"), again.err());
        assertTrue(jpm.jpm("describe", "sleeper").expectOk().out().contains("heapdump"), "describe lists the dumps");
    }

    @Test
    void aJfrRecordingIsReadableByTheJdksJfrTool() throws Exception {
        startSleeper();

        jpm.jpm("jfr", "start", "sleeper", "--settings", "profile").expectOk();
        JpmHarness.Result duplicate = jpm.jpm("jfr", "start", "sleeper");
        Thread.sleep(1_000);
        JpmHarness.Result dump = jpm.jpm("jfr", "dump", "sleeper").expectOk();
        JpmHarness.Result stop = jpm.jpm("jfr", "stop", "sleeper").expectOk();
        JpmHarness.Result stopAgain = jpm.jpm("jfr", "stop", "sleeper");

        assertEquals(4, duplicate.exitCode(), duplicate.err());
        assertTrue(duplicate.err().contains("a jpm recording already runs"), duplicate.err());
        assertEquals(3, stopAgain.exitCode(), stopAgain.err());
        List<Path> recordings = dumps("sleeper", "jfr-");
        assertEquals(2, recordings.size(), dump.out() + stop.out());
        for (Path recording : recordings) {
            Process summary = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "summary",
                    recording.toString()).redirectErrorStream(true).start();
            String said = new String(summary.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(summary.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, summary.exitValue(), said);
            assertTrue(said.contains("jdk.ExecutionSample") || said.contains("jdk.CPULoad"), said);
        }
        jpm.jpm("jfr", "start", "sleeper", "--duration", "2s").expectOk();
        JpmHarness.await("the timed recording's file", 20_000, () -> dumps("sleeper", "jfr-").size() == 3);
    }

    @Test
    void aSignalReachesTheInstanceAndABadNameIsAnError() throws Exception {
        startSleeper();
        Path out = jpm.home().resolve("logs/sleeper-0-out.log");

        JpmHarness.Result quit = jpm.jpm("signal", "SIGQUIT", "sleeper").expectOk();
        JpmHarness.Result bad = jpm.jpm("signal", "SIGBOGUS", "sleeper");
        JpmHarness.Result usr2 = jpm.jpm("signal", "usr2", "sleeper");

        assertTrue(quit.out().contains("SIGQUIT sent to instance 0"), quit.out());
        JpmHarness.await("SIGQUIT's thread dump in the out log", 10_000, () -> read(out).contains("Full thread dump"));
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("unknown signal 'SIGBOGUS'") && bad.err().contains("SIGUSR1"), bad.err());
        assertEquals(2, usr2.exitCode(), usr2.err());
        assertTrue(usr2.err().contains("aborts the JVM"), usr2.err());
        assertEquals("online", jpm.list().get(0).get("status"), "SIGQUIT does not stop a JVM");
    }

    @Test
    void aSymlinkPlantedAtTheDumpsFolderIsRefused() throws Exception {
        startSleeper();
        Path elsewhere = Files.createTempDirectory(Path.of("/tmp"), "jpm-elsewhere-");
        try {
            Files.createSymbolicLink(jpm.home().resolve("dumps"), elsewhere);

            JpmHarness.Result heap = jpm.jpm("heapdump", "sleeper");
            JpmHarness.Result thread = jpm.jpm("threaddump", "sleeper");

            assertEquals(UNSAFE_PATH, heap.exitCode(), heap.err());
            assertTrue(heap.err().contains(jpm.home().resolve("dumps") + " is a symlink"), heap.err());
            assertEquals(0, thread.exitCode(), "the dump is still printed: " + thread.err());
            assertTrue(thread.err().contains("not kept") && thread.err().contains("is a symlink"), thread.err());
            try (Stream<Path> inside = Files.list(elsewhere)) {
                assertEquals(0, inside.count(), "nothing written through the link");
            }
        } finally {
            try (Stream<Path> inside = Files.walk(elsewhere)) {
                inside.sorted((x, y) -> y.getNameCount() - x.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * SIGSTOP freezes the JVM: before its attach listener exists (the socket never comes, nor does
     * SIGQUIT's dump) and after (it takes the connection and never answers). Either way a clear
     * message, exit 12, well within the daemon's deadlines.
     */
    @Test
    void aFrozenInstanceGetsAClearErrorWithinTheDeadline() throws Exception {
        long pid = startSleeper();
        try {
            signal("STOP", pid);
            JpmHarness.Result fresh = timed(() -> jpm.jpm("threaddump", "sleeper"));
            assertEquals(UNRESPONSIVE, fresh.exitCode(), fresh.err());
            assertTrue(fresh.err().contains("did not start its attach listener") && fresh.err().contains("kill -CONT " + pid),
                    fresh.err());

            signal("CONT", pid);
            jpm.jpm("threaddump", "sleeper").expectOk();
            signal("STOP", pid);
            JpmHarness.Result listening = timed(() -> jpm.jpm("threaddump", "sleeper"));
            assertEquals(UNRESPONSIVE, listening.exitCode(), listening.err());
            assertTrue(listening.err().contains("its answer did not come within 10 s") && listening.err().contains("kill -CONT " + pid),
                    listening.err());
            JpmHarness.Result heap = timed(() -> jpm.jpm("heapdump", "sleeper"));
            assertEquals(UNRESPONSIVE, heap.exitCode(), heap.err());
            assertTrue(heap.err().contains("the JVM has been stopped for 10 s"), heap.err());
            System.out.println("JvmOperationsIT: frozen: " + fresh.err().trim() + " | " + listening.err().trim());
        } finally {
            signal("CONT", pid);
        }
        jpm.jpm("threaddump", "sleeper").expectOk();
    }

    private interface Command {
        JpmHarness.Result run() throws Exception;
    }

    private static JpmHarness.Result timed(Command command) throws Exception {
        long started = System.nanoTime();
        JpmHarness.Result r = command.run();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs < FROZEN_LIMIT_MS, "took " + tookMs + " ms: " + r);
        System.out.println("JvmOperationsIT: a frozen instance answered in " + tookMs + " ms (exit " + r.exitCode() + ")");
        return r;
    }

    private long startSleeper() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        Path yaml = Files.writeString(jpm.home().resolve("sleeper.yaml"), "apps:\n  - name: sleeper\n    jar: " + jar
                + "\n    kill_timeout: 2s\n");
        jpm.jpm("start", yaml.toString()).expectOk();
        return (Long) jpm.list().get(0).get("pid");
    }

    private List<Path> dumps(String app, String prefix) {
        Path folder = jpm.home().resolve("dumps").resolve(app);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] header(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HPROF_HEADER.length);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int get(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void awaitHttp(int port, String path) throws InterruptedException {
        JpmHarness.await("the demo answering", 20_000, () -> {
            try {
                return get(port, path) == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
    }
}
