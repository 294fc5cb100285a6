package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jpm.daemon.Log;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.ClusterSettings.Strategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BalancerTest {
    private static final String LOCALHOST = "127.0.0.1";

    private final Balancer balancer = new Balancer(2);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        balancer.close();
    }

    private TestBackend backend(int id, TestBackend.Handler handler) throws IOException {
        TestBackend backend = new TestBackend(id, handler);
        resources.add(backend);
        return backend;
    }

    private PublicPort open(Strategy strategy, TestBackend... backends) throws IOException {
        PublicPort port = balancer.open("app", new ClusterSettings(0, LOCALHOST, strategy, null, 0, 0));
        for (TestBackend b : backends) {
            port.addBackend(b.id, b.port());
        }
        return port;
    }

    private Socket connect(PublicPort port) throws IOException {
        Socket socket = new Socket(LOCALHOST, port.port());
        socket.setSoTimeout(20_000);
        resources.add(socket);
        return socket;
    }

    /** Connects and reads the id line the backend greets with. */
    private static int readId(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed before the id");
            }
            line.append((char) c);
        }
        return Integer.parseInt(line.toString());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void roundRobinSplitsSequentialConnectionsEvenly() throws Exception {
        PublicPort port = open(Strategy.ROUND_ROBIN,
                backend(1, TestBackend::idThenEcho), backend(2, TestBackend::idThenEcho), backend(3, TestBackend::idThenEcho));
        int[] counts = new int[4];
        for (int i = 0; i < 100; i++) {
            try (Socket socket = connect(port)) {
                counts[readId(socket)]++;
            }
        }
        for (int id = 1; id <= 3; id++) {
            assertTrue(counts[id] == 33 || counts[id] == 34, "backend " + id + " got " + counts[id]);
        }
        await(() -> port.served(1) + port.served(2) + port.served(3) == 100);
        assertEquals(0, port.failedConnects());
    }

    @Test
    void leastConnectionsPrefersTheLessBusyBackend() throws Exception {
        PublicPort port = open(Strategy.LEAST_CONN, backend(1, TestBackend::idThenEcho), backend(2, TestBackend::idThenEcho));
        int first = readId(connect(port));
        Socket second = connect(port);
        int other = readId(second);
        assertNotEquals(first, other);

        second.close();
        await(() -> port.activeConnections(other) == 0);
        // round robin would now pick `first` again; the other one has fewer connections
        assertEquals(other, readId(connect(port)));
        assertEquals(1, port.activeConnections(first));
    }

    @Test
    void removedBackendTakesNoNewConnectionsButKeepsItsOpenOnesUntilDrained() throws Exception {
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, TestBackend::idThenEcho), backend(2, TestBackend::idThenEcho));
        Socket held = connect(port);
        int removed = readId(held);
        int kept = 3 - removed;

        port.removeBackend(removed);
        CompletableFuture<Void> drained = port.drained(removed);
        for (int i = 0; i < 10; i++) {
            try (Socket socket = connect(port)) {
                assertEquals(kept, readId(socket));
            }
        }
        assertFalse(drained.isDone());
        assertEquals(1, port.activeConnections(removed));

        held.getOutputStream().write("still here\n".getBytes());
        assertEquals("still here\n", new String(held.getInputStream().readNBytes(11)));

        held.close();
        drained.get(10, TimeUnit.SECONDS);
        assertEquals(0, port.activeConnections(removed));
        assertTrue(port.drained(removed).isDone());
    }

    @Test
    void aRefusedConnectMovesOnToTheNextBackend() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, TestBackend::idThenEcho), backend(2, TestBackend::idThenEcho));
        port.addBackend(9, deadPort);
        for (int i = 0; i < 30; i++) {
            try (Socket socket = connect(port)) {
                int id = readId(socket);
                assertTrue(id == 1 || id == 2, "got " + id);
            }
        }
        assertTrue(port.failedConnects() > 0);
        assertEquals(0, port.served(9));
        assertEquals(0, port.activeConnections(9));
    }

    @Test
    void noBackendClosesTheClient() throws Exception {
        PublicPort port = open(Strategy.ROUND_ROBIN);
        try (Socket socket = connect(port)) {
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void halfCloseStillDeliversTheReply() throws Exception {
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, (socket, id) -> {
            byte[] all = socket.getInputStream().readAllBytes();
            socket.getOutputStream().write(("got " + all.length + " bytes").getBytes());
        }));
        Socket socket = connect(port);
        socket.getOutputStream().write(new byte[100_000]);
        socket.shutdownOutput();
        assertEquals("got 100000 bytes", new String(socket.getInputStream().readAllBytes()));
    }

    @Test
    void fiftyMegabytesEachWayArriveIntact() throws Exception {
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, TestBackend::echo));
        Socket socket = connect(port);
        long total = 50L * 1024 * 1024;
        CRC32 sent = new CRC32();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                Random random = new Random(42);
                byte[] chunk = new byte[48 * 1024 + 7]; // not a multiple of any buffer size
                for (long left = total; left > 0; ) {
                    int n = (int) Math.min(chunk.length, left);
                    random.nextBytes(chunk);
                    out.write(chunk, 0, n);
                    sent.update(chunk, 0, n);
                    left -= n;
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        CRC32 received = new CRC32();
        long count = 0;
        byte[] buf = new byte[64 * 1024];
        InputStream in = socket.getInputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
            received.update(buf, 0, n);
            count += n;
        }
        writer.get(30, TimeUnit.SECONDS);
        assertEquals(total, count);
        assertEquals(sent.getValue(), received.getValue());
    }

    @Test
    void aClientThatDoesNotReadStopsTheProxyFromReading() throws Exception {
        long total = 200L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, (socket, id) -> {
            byte[] chunk = new byte[64 * 1024];
            OutputStream out = socket.getOutputStream();
            for (long left = total; left > 0; left -= chunk.length) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        }));
        Socket socket = connect(port);
        // wait until the backend is stuck: no progress over several polls
        long last = -1;
        for (int still = 0; still < 5; ) {
            Thread.sleep(100);
            long now = written.get();
            still = now == last ? still + 1 : 0;
            last = now;
        }
        assertTrue(written.get() < 32L * 1024 * 1024, "the backend wrote " + written.get() + " bytes into a client that reads nothing");

        long count = 0;
        byte[] buf = new byte[64 * 1024];
        InputStream in = socket.getInputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
            count += n;
        }
        assertEquals(total, count);
    }

    @Test
    void aTakenPortIsABindException() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThrows(BindException.class, () -> balancer.open("app", new ClusterSettings(taken.getLocalPort(), LOCALHOST, Strategy.ROUND_ROBIN, null, 0, 0)));
        }
    }

    @Test
    void closeEndsEveryConnectionAndFreesThePort() throws Exception {
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, TestBackend::idThenEcho));
        Socket socket = connect(port);
        assertEquals(1, readId(socket));

        balancer.close();

        assertEndOrReset(socket);
        assertThrows(ConnectException.class, () -> new Socket(LOCALHOST, port.port()).close());
    }

    @Test
    void aClosedPortCanBeOpenedAgain() throws Exception {
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, TestBackend::idThenEcho));
        Socket socket = connect(port);
        assertEquals(1, readId(socket));
        port.close();
        assertEndOrReset(socket);

        PublicPort again = balancer.open("app", new ClusterSettings(port.port(), LOCALHOST, Strategy.ROUND_ROBIN, null, 0, 0));
        again.addBackend(1, resourcesBackendPort());
        assertEquals(1, readId(connect(again)));
    }

    private int resourcesBackendPort() {
        return ((TestBackend) resources.get(0)).port();
    }

    private static void assertEndOrReset(Socket socket) throws IOException {
        try {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(rest);
            assertEquals(0, rest.size());
        } catch (SocketException e) {
            // a reset is an end too
        }
    }

    // ---- bounded resources: issue 8, finding 1 ----

    /** Buffers on loan on every loop, read on each loop's own thread. */
    private static int buffersLent(Balancer balancer) throws Exception {
        int lent = 0;
        for (IoLoop loop : balancer.loops()) {
            CompletableFuture<Integer> count = new CompletableFuture<>();
            loop.execute(() -> count.complete(loop.buffers.lent()));
            lent += count.get(10, TimeUnit.SECONDS);
        }
        return lent;
    }

    private static long directMemoryUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    private Balancer balancer(int loops, long idleTimeoutNanos, java.util.function.Supplier<BufferPool> pools) {
        Balancer b = new Balancer(loops, idleTimeoutNanos, pools);
        resources.add(b);
        return b;
    }

    /** Waits until the peer ends the connection, with a clean end or a reset. */
    private static void assertClosedByPeer(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // whatever was on its way
            }
        } catch (SocketException e) {
            // a reset is an end too
        }
    }

    @Test
    void aThousandIdleConnectionsHoldNoBuffers() throws Exception {
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, TestBackend::idThenEchoBytes));
        long directBefore = directMemoryUsed();
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Socket socket = connect(port);
            idle.add(socket);
        }
        for (Socket socket : idle) {
            assertEquals(1, readId(socket)); // each is forwarded, its greeting delivered
        }
        await(() -> port.connections() == 1_000);
        assertEquals(0, buffersLent(balancer));
        // two 32 KB buffers each at accept, as before, would be 64 MB
        long grown = directMemoryUsed() - directBefore;
        assertTrue(grown < 4L * 1024 * 1024, "direct memory grew by " + grown + " bytes for idle connections");

        Socket talking = idle.get(500);
        talking.getOutputStream().write("ping\n".getBytes());
        assertEquals("ping\n", new String(talking.getInputStream().readNBytes(5)));
        assertEquals(0, buffersLent(balancer), "a buffer goes back as soon as its bytes are written");
    }

    @Test
    void aFullPortGivesUpItsOldestSilentConnectionThenRefuses() throws Exception {
        // one loop: which connection is oldest on it is then the order of the test
        PublicPort port = balancer(1, Balancer.IDLE_TIMEOUT_NANOS, BufferPool::new).open("app", new ClusterSettings(0, LOCALHOST, Strategy.ROUND_ROBIN, null, 0, 3));
        TestBackend backend = backend(1, TestBackend::idThenEcho);
        port.addBackend(1, backend.port());
        Socket silentOld = connect(port);
        assertEquals(1, readId(silentOld));
        Socket talking = connect(port);
        assertEquals(1, readId(talking));
        talking.getOutputStream().write("a\n".getBytes());
        assertEquals("a\n", new String(talking.getInputStream().readNBytes(2)));
        Socket silentYoung = connect(port);
        assertEquals(1, readId(silentYoung));
        assertEquals(PublicPort.State.FULL, port.state());

        Socket newcomer = connect(port);
        assertEquals(1, readId(newcomer), "the newcomer is served");
        assertClosedByPeer(silentOld);
        assertEquals(1, port.reclaimedConnections());

        Socket second = connect(port);
        assertEquals(1, readId(second));
        assertClosedByPeer(silentYoung);
        newcomer.getOutputStream().write("b\n".getBytes());
        second.getOutputStream().write("c\n".getBytes());
        assertEquals("b\n", new String(newcomer.getInputStream().readNBytes(2)));
        assertEquals("c\n", new String(second.getInputStream().readNBytes(2)));

        Socket refused = connect(port);
        assertEndOrReset(refused);
        assertEquals(1, port.refusedConnections());
        assertEquals(2, port.reclaimedConnections());
        talking.getOutputStream().write("d\n".getBytes());
        assertEquals("d\n", new String(talking.getInputStream().readNBytes(2)), "a client that spoke is never cut");
        assertEquals(3, port.connections());
    }

    @Test
    void theDefaultLimitIsBoundedByDescriptorsAndByHeap() {
        assertEquals(9_500, ConnectionLimit.forDescriptors(20_000));
        assertEquals(65_536, ConnectionLimit.forHeap(256L * 1024 * 1024));
        assertTrue(ConnectionLimit.forDescriptors(524_288) > ConnectionLimit.forHeap(256L * 1024 * 1024),
                "under systemd's hard limit the heap is the tighter bound");
    }

    @Test
    void aFeedWhoseClientNeverWritesIsNotReclaimedButAGreetedIdleClientIs() throws Exception {
        // one loop, room for two; the backend greets every connection and streams to the first one only
        PublicPort port = balancer(1, Balancer.IDLE_TIMEOUT_NANOS, BufferPool::new).open("app", new ClusterSettings(0, LOCALHOST, Strategy.ROUND_ROBIN, null, 0, 2));
        byte[] stream = new byte[3 * Pipe.GREETING_BYTES];
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        TestBackend backend = backend(1, (socket, id) -> {
            socket.getOutputStream().write((id + "\n").getBytes());
            if (accepted.getAndIncrement() == 0) {
                socket.getOutputStream().write(stream);
            }
            socket.getOutputStream().flush();
            socket.getInputStream().read(); // hold the connection until the client goes
        });
        port.addBackend(1, backend.port());
        Socket feed = connect(port);
        assertEquals(1, readId(feed));
        assertEquals(stream.length, feed.getInputStream().readNBytes(stream.length).length);
        Socket greeted = connect(port);
        assertEquals(1, readId(greeted));
        assertEquals(PublicPort.State.FULL, port.state());

        Socket newcomer = connect(port);
        assertEquals(1, readId(newcomer), "the newcomer is served");
        assertClosedByPeer(greeted);
        assertEquals(1, port.reclaimedConnections(), "the client that was only greeted made room, not the feed");
        assertTrue(!feed.isClosed() && port.connections() == 2);
    }

    @Test
    void aConnectionIdleForTheTimeoutIsClosedAndABusyOneIsNot() throws Exception {
        long timeout = TimeUnit.MILLISECONDS.toNanos(400);
        PublicPort port = balancer(2, timeout, BufferPool::new).open("app", new ClusterSettings(0, LOCALHOST, Strategy.ROUND_ROBIN, null, 0, 0));
        port.addBackend(1, backend(1, TestBackend::idThenEcho).port());
        Socket idle = connect(port);
        Socket busy = connect(port);
        assertEquals(1, readId(idle));
        assertEquals(1, readId(busy));
        long until = System.nanoTime() + 3 * timeout;
        while (System.nanoTime() < until) {
            busy.getOutputStream().write("x".getBytes());
            assertEquals('x', busy.getInputStream().read());
            Thread.sleep(50);
        }
        assertClosedByPeer(idle);
        assertEquals(1, port.idleClosedConnections());
        busy.getOutputStream().write("y".getBytes());
        assertEquals('y', busy.getInputStream().read());
        await(() -> port.connections() == 1);
    }

    @Test
    void anErrorInOneConnectionClosesItAndTheLoopGoesOn() throws Exception {
        AtomicBoolean failNextBorrow = new AtomicBoolean();
        Balancer oneLoop = balancer(1, Balancer.IDLE_TIMEOUT_NANOS, () -> new BufferPool() {
            @Override
            ByteBuffer borrow() {
                if (failNextBorrow.getAndSet(false)) {
                    throw new OutOfMemoryError("Cannot reserve 32768 bytes of direct buffer memory (the test's)");
                }
                return super.borrow();
            }
        });
        PublicPort port = oneLoop.open("app", new ClusterSettings(0, LOCALHOST, Strategy.ROUND_ROBIN, null, 0, 0));
        port.addBackend(1, backend(1, TestBackend::idThenEcho).port());
        Socket victim = connect(port);
        Socket bystander = connect(port);
        assertEquals(1, readId(victim));
        assertEquals(1, readId(bystander));

        failNextBorrow.set(true);
        victim.getOutputStream().write("boom\n".getBytes());
        assertClosedByPeer(victim);

        bystander.getOutputStream().write("fine\n".getBytes());
        assertEquals("fine\n", new String(bystander.getInputStream().readNBytes(5)));
        Socket later = connect(port);
        assertEquals(1, readId(later));
        assertEquals(PublicPort.State.LISTENING, port.state());
        assertEquals(0, oneLoop.restarts());
        assertEquals(0, buffersLent(oneLoop));
    }

    @Test
    void aLoopWhoseSelectorBreaksIsReplaced() throws Exception {
        Balancer oneLoop = balancer(1, Balancer.IDLE_TIMEOUT_NANOS, BufferPool::new);
        PublicPort port = oneLoop.open("app", new ClusterSettings(0, LOCALHOST, Strategy.ROUND_ROBIN, null, 0, 0));
        port.addBackend(1, backend(1, TestBackend::idThenEcho).port());
        Socket before = connect(port);
        assertEquals(1, readId(before));

        IoLoop loop = oneLoop.loops()[0];
        Field selector = IoLoop.class.getDeclaredField("selector");
        selector.setAccessible(true);
        ((Selector) selector.get(loop)).close();

        assertClosedByPeer(before); // the dead loop's connections are closed, not leaked
        await(() -> oneLoop.restarts() == 1);
        assertEquals(1, readId(connect(port)), "the new loop accepts on the port");
        assertEquals(PublicPort.State.LISTENING, port.state());
    }

    @Test
    void acceptsPauseWhileDescriptorsRunOutAndResumeAfter() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/prlimit")),
                "lowering this JVM's descriptor limit needs root and prlimit");
        PublicPort port = open(Strategy.ROUND_ROBIN, backend(1, TestBackend::idThenEcho));
        List<SocketChannel> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SocketChannel client = SocketChannel.open(); // the descriptor now, the connect once the limit is low
            resources.add(client);
            clients.add(client);
        }
        long pid = ProcessHandle.current().pid();
        long[] limit = openFilesLimit();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // lowers the limit below the descriptors open now (some close meanwhile: the spawn's own pipes), then restores it on a line on its stdin:
        // once lowered, this JVM could not start a process (a pipe each) to restore it
        Process limiter = new ProcessBuilder("bash", "-c", "prlimit --pid " + pid + " --nofile=$(($(ls /proc/" + pid
                + "/fd | wc -l) - 8)):" + limit[1] + " && echo lowered && read _; prlimit --pid " + pid + " --nofile="
                + limit[0] + ":" + limit[1]).redirectErrorStream(true).start();
        try {
            assertEquals("lowered", new String(limiter.getInputStream().readNBytes(8), StandardCharsets.UTF_8).trim());
            Log.captureInto(log);
            for (SocketChannel client : clients) {
                client.connect(new InetSocketAddress(LOCALHOST, port.port())); // completes in the backlog
            }
            Thread.sleep(600);
        } finally {
            limiter.getOutputStream().write('\n');
            limiter.getOutputStream().flush();
            limiter.waitFor(10, TimeUnit.SECONDS);
            Log.toFileDescriptor1();
        }
        for (SocketChannel client : clients) {
            client.socket().setSoTimeout(10_000);
            assertEquals(1, readId(client.socket()), "served once descriptors are back");
        }
        String lines = log.toString(StandardCharsets.UTF_8);
        long failures = lines.lines().filter(l -> l.contains("port " + port.port()) && l.contains("failed")).count();
        assertTrue(failures >= 1 && failures <= balancer.loopCount(), "one line per loop and episode, not one per failed accept:\n" + lines);
        await(() -> port.connections() == clients.size());
    }

    /** This JVM's soft and hard limit of open files, from /proc. */
    private static long[] openFilesLimit() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            String[] words = lines.filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow().trim().split("\\s+");
            return new long[] {Long.parseLong(words[3]), Long.parseLong(words[4])};
        }
    }
}
