package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.ClusterSettings.Strategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
        PublicPort port = balancer.open("app", LOCALHOST, 0, strategy);
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
            assertThrows(BindException.class, () -> balancer.open("app", LOCALHOST, taken.getLocalPort(), Strategy.ROUND_ROBIN));
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

        PublicPort again = balancer.open("app", LOCALHOST, port.port(), Strategy.ROUND_ROBIN);
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
}
