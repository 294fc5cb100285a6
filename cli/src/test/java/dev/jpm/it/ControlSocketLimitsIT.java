package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.cli.client.DaemonLink;
import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.JpmVersion;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control socket under a flood of connections from the owner's own user (the only one the
 * socket admits): the daemon keeps answering, its threads and descriptors stay bounded, idle
 * connections are closed, and running out of descriptors neither floods daemon.log nor locks the
 * owner out. The daemon's idle timeout is shortened with -Djpm.control.idleTimeout for the test.
 */
class ControlSocketLimitsIT {
    private static final int FLOOD = 5_000;
    /** ControlServer's cap on control connections. */
    private static final int CAP = 64;
    private static final List<String> SHORT_IDLE = List.of("env", "JPM_DAEMON_JAVA_OPTS=-Djpm.control.idleTimeout=2s");

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    /** 5,000 sockets need more descriptors than the usual 1,024; we run as root in CI. */
    @BeforeAll
    static void raiseDescriptorLimit() throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()), "--nofile=20000:20000")
                .inheritIO().start();
        assertEquals(0, p.waitFor(), "prlimit of the test JVM (needs root)");
    }

    @Test
    void fiveThousandIdleConnectionsNeitherStopTheOwnerNorGrowTheDaemon() throws Exception {
        jpm.run(SHORT_IDLE, "ping").expectOk();
        long pid = jpm.daemonPid();
        ProcStatus before = ProcStatus.of(pid);
        List<SocketChannel> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                flood.add(connect());
            }
            ProcStatus during = ProcStatus.of(pid);
            jpm.jpm("list").expectOk();
            System.out.println("control flood: before " + before + ", with " + FLOOD + " connections " + during);
            assertTrue(during.threads() <= before.threads() + 10, "threads " + before + " -> " + during);

            // beyond the cap the oldest idle connections were closed with a BUSY answer
            List<String> oldest = readUntilClosed(flood.subList(0, 100), 10_000);
            assertTrue(oldest.stream().allMatch(s -> s.contains("\"busy\"")), oldest.get(0));
            // the newest ones, within the cap, are closed by the idle timeout
            List<String> newest = readUntilClosed(flood.subList(FLOOD - CAP / 2, FLOOD), 15_000);
            assertEquals(CAP / 2, newest.size());
        } finally {
            closeAll(flood);
        }
        JpmHarness.await("descriptors given back", 10_000, () -> ProcStatus.of(pid).fds() <= before.fds() + 5);
        Thread.sleep(1_000);
        ProcStatus after = ProcStatus.of(pid);
        System.out.println("control flood: after " + after);
        assertTrue(after.threads() <= before.threads() + 10, "threads " + before + " -> " + after);
        jpm.jpm("list").expectOk();
        long logLines = jpm.daemonLog().lines().count();
        assertTrue(logLines < 20, "daemon.log took " + logLines + " lines for one flood:\n" + jpm.daemonLog());
    }

    @Test
    void whenEveryConnectionIsBusyANewOneGetsABusyAnswer() throws Exception {
        jpm.jpm("ping").expectOk();
        List<SocketChannel> streams = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                SocketChannel c = connect();
                send(c, Protocol.encodeRequest(1, new Request.Hello(Protocol.VERSION, JpmVersion.current())));
                send(c, Protocol.encodeRequest(2, new Request.Logs("all", 0, true, true, true)));
                streams.add(c);
            }
            Thread.sleep(500);
            JpmHarness.Result refused = jpm.jpm("ping");
            assertEquals(11, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("busy"), refused.err());
        } finally {
            closeAll(streams);
        }
        JpmHarness.await("a free slot", 10_000, () -> {
            try {
                return jpm.jpm("ping").exitCode() == 0;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void runningOutOfDescriptorsNeitherFloodsTheLogNorLocksOutTheOwner() throws Exception {
        // a daemon with room for about 45 connections (it uses about 14 descriptors itself), below its cap of 64: the flood exhausts its descriptors
        List<String> prefix = new ArrayList<>(List.of("prlimit", "--nofile=60:60"));
        prefix.addAll(SHORT_IDLE);
        jpm.run(prefix, "ping").expectOk();
        long pid = jpm.daemonPid();
        List<SocketChannel> flood = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread flooder = new Thread(() -> {
            try {
                for (int i = 0; i < 400; i++) {
                    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    flood.add(c);
                    c.connect(UnixDomainSocketAddress.of(jpm.home().resolve("daemon.sock")));
                }
            } catch (IOException e) {
                // closed under us at the end of the test
            }
        }, "flooder");
        flooder.setDaemon(true);
        flooder.start();
        try {
            JpmHarness.await("the daemon at its descriptor limit", 15_000,
                    () -> ProcStatus.of(pid).fds() >= 56);
            // several idle timeouts: descriptors are freed and taken again, accept keeps failing between
            Thread.sleep(6_000);
            JpmHarness.Result during = jpm.jpm("list");
            assertTrue(during.exitCode() == 0 || during.exitCode() == 7, during.toString());
        } finally {
            closeAll(flood);
            flooder.join(5_000);
        }
        jpm.jpm("list").expectOk();
        String log = jpm.daemonLog();
        long acceptLines = log.lines().filter(line -> line.contains("accept")).count();
        System.out.println("descriptor exhaustion: " + acceptLines + " accept lines in daemon.log, "
                + log.lines().count() + " lines in all");
        assertTrue(acceptLines > 0, "the exhaustion was logged:\n" + log);
        assertTrue(acceptLines < 30, "daemon.log flooded with " + acceptLines + " accept lines");
        assertFalse(log.contains("may not control"), log);
    }

    @Test
    void aLongLivedLinkSurvivesTheIdleTimeout() throws Exception {
        jpm.run(SHORT_IDLE, "ping").expectOk();
        JpmHome home = new JpmHome(jpm.home());
        try (DaemonLink link = new DaemonLink(home, JpmVersion.current(), Deadlines.replyWithin(Deadlines.QUICK_MS))) {
            assertTrue(link.send(new Request.Ping()).ok());
            Thread.sleep(4_000);
            // the daemon closed the idle connection meanwhile: monit's next key press must still work
            assertTrue(link.send(new Request.Ping()).ok());
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(jpm.home().resolve("daemon.sock")));
        return c;
    }

    private static void send(SocketChannel c, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            c.write(bytes);
        }
    }

    /** What each channel received before the daemon closed it; fails if one stays open past the deadline. */
    private static List<String> readUntilClosed(List<SocketChannel> channels, long timeoutMs) throws Exception {
        List<String> received = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (SocketChannel c : channels) {
            c.configureBlocking(false);
            StringBuilder text = new StringBuilder();
            while (true) {
                buffer.clear();
                int n = c.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new AssertionError("a connection stayed open; it had received: " + text);
                    }
                    Thread.sleep(20);
                    continue;
                }
                text.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
            }
            received.add(text.toString());
        }
        return received;
    }

    private static void closeAll(List<SocketChannel> channels) {
        synchronized (channels) {
            for (SocketChannel c : channels) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing test connections: nothing to do about a failure
                }
            }
        }
    }

    /** Threads, resident memory and open descriptors of a process, from /proc. */
    record ProcStatus(int threads, long rssKb, int fds) {
        static ProcStatus of(long pid) {
            try {
                int threads = 0;
                long rss = 0;
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("Threads:")) {
                        threads = Integer.parseInt(line.substring(8).trim());
                    } else if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.substring(6).replace("kB", "").trim());
                    }
                }
                int fds;
                try (Stream<Path> open = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                    fds = (int) open.count();
                }
                return new ProcStatus(threads, rss, fds);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return threads + " threads, " + rssKb / 1024 + " MB RSS, " + fds + " fds";
        }
    }
}
