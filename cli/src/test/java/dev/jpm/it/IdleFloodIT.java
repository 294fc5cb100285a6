package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8, finding 1: idle TCP connections to a public port used to take 64 KB of direct memory
 * each at accept, and about 4,000 of them killed both I/O threads of the balancer for good while
 * {@code list} still said online. Every connection here is opened and never written to.
 */
class IdleFloodIT {
    /** The hard limit of open files on this machine is 20,000: the aim's 20,000 clients need 40,000 in the daemon. */
    private static final int RAISED_FILE_LIMIT = 200_000;
    /** (20,000 - 1,000 kept for the daemon's own files) / 2 descriptors per client: ConnectionLimit. */
    private static final int DEFAULT_LIMIT_AT_20000_FILES = 9_500;

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();
    private final List<SocketChannel> flood = new ArrayList<>();
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void closeFlood() {
        closeAll(flood);
    }

    @Test
    @Timeout(180)
    void fourThousandTwoHundredIdleConnectionsLeaveThePortServing() throws Exception {
        jpm.jpm("start", JpmHarness.demoJar().toString(), "--port", Integer.toString(port), "-i", "2").expectOk();
        assertTrue(HttpLoad.get(port, "/pid").contains("pid"));

        open(4_200);
        Thread.sleep(3_000);

        assertTrue(HttpLoad.get(port, "/pid").contains("pid"), "a new client is answered during the flood");
        long daemon = jpm.daemonPid();
        assertTrue(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "the daemon is alive");
        List<Map<String, Object>> rows = jpm.list();
        for (Map<String, Object> row : rows) {
            assertEquals("online", row.get("status"), row.toString());
            assertEquals("listening", row.get("balancer"), row.toString());
        }
        long carried = rows.stream().mapToLong(r -> (Long) r.get("connections")).sum();
        assertTrue(carried >= 4_200, "list counts the idle connections: " + carried);

        closeAll(flood);
        assertTrue(HttpLoad.get(port, "/pid").contains("pid"), "answered after the flood");
        assertTrue(!jpm.daemonLog().contains("OutOfMemoryError"), jpm.daemonLog());
    }

    /**
     * The aim, measured: 20,000 idle connections, and a new client still answered within a second,
     * with the daemon under 200 MB of RSS, and back near where it started once they are gone.
     *
     * <p>Where the limit of open files can be raised (CAP_SYS_RESOURCE), the daemon runs with
     * {@value #RAISED_FILE_LIMIT} and carries all 20,000 (40,000 descriptors). Where it cannot, as
     * in a container whose hard limit is 20,000, the daemon's default max_connections (9,500)
     * is the ceiling and the port is full: each newcomer then takes the place of the oldest
     * connection that has sent nothing, which is what keeps new clients served.
     */
    @Test
    @Timeout(240)
    void twentyThousandIdleConnectionsStillLetNewClientsInQuickly() throws Exception {
        boolean raised = canRaiseFileLimit();
        System.out.println(raised ? "open files limit raised to " + RAISED_FILE_LIMIT
                : "cannot raise the open files limit here (no CAP_SYS_RESOURCE): the daemon holds what its limit allows");
        List<String> prefix = raised ? List.of("prlimit", "--nofile=" + RAISED_FILE_LIMIT + ":" + RAISED_FILE_LIMIT) : List.of();
        jpm.run(prefix, "start", JpmHarness.demoJar().toString(), "--port", Integer.toString(port), "-i", "2").expectOk();
        long daemon = jpm.daemonPid();
        System.out.println("daemon open files limit (soft, hard): " + java.util.Arrays.toString(openFilesLimit(daemon)));
        for (int i = 0; i < 50; i++) {
            HttpLoad.get(port, "/pid"); // the forwarding path warmed up, as in any measured start
        }
        long rssStart = rssKb(daemon);

        List<Process> clients = new ArrayList<>();
        try {
            long opening = System.nanoTime();
            for (int i = 0; i < 2; i++) {
                clients.add(idleClients(prefix, 10_000));
            }
            long peak = rssStart;
            for (Process client : clients) {
                peak = Math.max(peak, awaitOpen(client, daemon));
            }
            System.out.printf("opened 20,000 idle connections in %d ms%n", (System.nanoTime() - opening) / 1_000_000);
            // a client's connect returns once the kernel has queued it, before the balancer accepts it: wait
            // for the listen queue to drain, so that what is measured below is the flood held, not still arriving
            long draining = System.nanoTime();
            JpmHarness.await("the listen queue drained", 60_000, () -> acceptQueue(port) == 0);
            System.out.printf("the listen queue drained %d ms later%n", (System.nanoTime() - draining) / 1_000_000);
            if (raised) {
                JpmHarness.await("the balancer carries all 20,000", 60_000, () -> carried() >= 20_000);
            }

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                assertTrue(HttpLoad.get(port, "/pid").contains("pid"));
                latencies.add((System.nanoTime() - t0) / 1_000_000);
                peak = Math.max(peak, rssKb(daemon));
                Thread.sleep(100);
            }
            List<Map<String, Object>> rows = jpm.list();
            long carried = rows.stream().mapToLong(r -> (Long) r.get("connections")).sum();
            System.out.println("list during the flood: " + carried + " connections carried, balancer " + rows.get(0).get("balancer"));
            if (raised) {
                rows.forEach(row -> assertEquals("listening", row.get("balancer"), row.toString()));
            } else {
                // at the limit, less the places the requests above took and gave back: "full" or just under it
                assertTrue(carried <= DEFAULT_LIMIT_AT_20000_FILES && carried > DEFAULT_LIMIT_AT_20000_FILES - 100, "carried " + carried);
                rows.forEach(row -> assertTrue(List.of("full", "listening").contains(row.get("balancer")), row.toString()));
            }

            for (Process client : clients) {
                client.getOutputStream().close();
                assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the clients closed their connections");
            }
            JpmHarness.await("the balancer lets them go", 60_000, () -> carried() == 0);
            Thread.sleep(2_000);
            long rssQuiet = rssKb(daemon);
            // the serial collector gives heap back only at full collections, and a quiet daemon runs none of its
            // own: the daemon's HeapTrimmer asks for one once the heap grew, at most every 30 s, checking every 5 s
            long[] rss = {rssQuiet};
            JpmHarness.await("the daemon gives the flood's memory back", 75_000, () -> {
                try {
                    rss[0] = rssKb(daemon);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return rss[0] <= rssStart * 1.2;
            });
            long rssAfter = rss[0];
            System.out.printf("daemon RSS: start %d KB, peak during the flood %d KB, 2 s after it %d KB, once the daemon collected %d KB;"
                    + " new requests during the flood took %s ms%n", rssStart, peak, rssQuiet, rssAfter, latencies);
            assertTrue(latencies.stream().allMatch(ms -> ms < 1_000), "answered within 1 s: " + latencies);
            assertTrue(peak < 200 * 1024, "RSS under 200 MB during the flood: " + peak + " KB");
            assertTrue(rssAfter <= rssStart * 1.2, "RSS back within 20% of the start: " + rssStart + " -> " + rssAfter + " KB");
            assertTrue(!jpm.daemonLog().contains("OutOfMemoryError"), jpm.daemonLog());
        } finally {
            for (Process client : clients) {
                client.destroyForcibly();
                client.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean canRaiseFileLimit() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
            return false;
        }
        Process p = new ProcessBuilder("prlimit", "--nofile=" + RAISED_FILE_LIMIT + ":" + RAISED_FILE_LIMIT, "true")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private Process idleClients(List<String> prefix, int n) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(JpmHarness.java(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                IdleClients.class.getName(), Integer.toString(port), Integer.toString(n)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Waits for a client process's "open n" line, sampling the daemon's RSS meanwhile; the peak seen. */
    private static long awaitOpen(Process client, long daemon) throws Exception {
        long peak = 0;
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream()));
        java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!line.isDone() && System.nanoTime() < deadline) {
            peak = Math.max(peak, rssKb(daemon));
            Thread.sleep(100);
        }
        String said = line.get(1, TimeUnit.SECONDS);
        assertTrue(said != null && said.startsWith("open "), "the client process opened its connections: " + said);
        return peak;
    }

    private long carried() {
        try {
            return jpm.list().stream().mapToLong(r -> r.get("connections") instanceof Long n ? n : 0).sum();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Opens {@code n} connections to the public port and sends nothing on them. */
    private void open(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            flood.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
        }
    }

    private static void closeAll(List<SocketChannel> channels) {
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing them all regardless
            }
        }
        channels.clear();
    }

    /** Connections queued on the listening socket and not accepted yet: rx_queue of its line in /proc/net/tcp. */
    private static long acceptQueue(int port) {
        String local = String.format(":%04X", port);
        try (Stream<String> lines = Stream.concat(Files.lines(Path.of("/proc/net/tcp")), Files.lines(Path.of("/proc/net/tcp6")))) {
            return lines.map(l -> l.trim().split("\\s+"))
                    .filter(f -> f[1].endsWith(local) && f[3].equals("0A"))
                    .mapToLong(f -> Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16)).sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long rssKb(long pid) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            return Long.parseLong(lines.filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow().replaceAll("\\D", ""));
        }
    }

    private static long[] openFilesLimit(long pid) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/limits"))) {
            String[] words = lines.filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow().trim().split("\\s+");
            return new long[] {Long.parseLong(words[3]), Long.parseLong(words[4])};
        }
    }
}
