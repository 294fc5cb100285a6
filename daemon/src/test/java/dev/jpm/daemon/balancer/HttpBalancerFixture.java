package dev.jpm.daemon.balancer;

import static dev.jpm.daemon.balancer.RawHttpClient.LOCALHOST;

import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.ClusterSettings.Protocol;
import dev.jpm.protocol.ecosystem.ClusterSettings.Strategy;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/**
 * What the http balancer tests share: a real balancer (2 loops unless a test restarts it), the
 * backends and client sockets a test made, all closed after it, and the count of buffers lent.
 */
abstract class HttpBalancerFixture {
    /** Every buffer pool the balancer under test made, so that a test can count the buffers still lent. */
    private final List<BufferPool> pools = new CopyOnWriteArrayList<>();
    protected Balancer balancer = new Balancer(2, Balancer.IDLE_TIMEOUT_NANOS, HttpTimeouts.DEFAULT, this::pool);
    /** Backends and sockets to close after the test, last made first closed. */
    protected final List<AutoCloseable> resources = new ArrayList<>();

    private BufferPool pool() {
        BufferPool pool = new BufferPool();
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        balancer.close();
    }

    /** A new balancer in place of the default one, before any port is opened. */
    protected void restart(int loops, long idleTimeoutNanos, HttpTimeouts timeouts) {
        balancer.close();
        balancer = new Balancer(loops, idleTimeoutNanos, timeouts, this::pool);
    }

    protected RawBackend raw(RawBackend.Handler handler) throws IOException {
        return raw(0, handler);
    }

    protected RawBackend raw(int receiveBuffer, RawBackend.Handler handler) throws IOException {
        RawBackend backend = new RawBackend(receiveBuffer, handler);
        resources.add(backend);
        return backend;
    }

    protected HttpTestBackend backend(int id, HttpTestBackend.Responder responder) throws IOException {
        HttpTestBackend backend = new HttpTestBackend(id, responder);
        resources.add(backend);
        return backend;
    }

    /** A port forwarding the client's address to {@code backends}, each under its own id. */
    protected PublicPort open(HttpTestBackend... backends) throws IOException {
        return open(true, backends);
    }

    protected PublicPort open(boolean forwarded, HttpTestBackend... backends) throws IOException {
        PublicPort port = balancer.open("app", settings(0, forwarded));
        for (HttpTestBackend b : backends) {
            port.addBackend(b.id, b.port());
        }
        return port;
    }

    /** A port to the backends listening on {@code backendPorts}, keyed 1, 2, 3... in that order. */
    protected PublicPort open(int... backendPorts) throws IOException {
        return openLimited(0, backendPorts);
    }

    protected PublicPort openLimited(int maxConnections, int... backendPorts) throws IOException {
        PublicPort port = balancer.open("app", settings(maxConnections, true));
        for (int i = 0; i < backendPorts.length; i++) {
            port.addBackend(i + 1, backendPorts[i]);
        }
        return port;
    }

    private static ClusterSettings settings(int maxConnections, boolean forwarded) {
        return new ClusterSettings(0, LOCALHOST, Strategy.ROUND_ROBIN, null, 0, maxConnections, Protocol.HTTP, forwarded, null);
    }

    /** A client socket, closed after the test; a read waits 20 s at most, to turn a hang into a failure. */
    protected Socket connect(PublicPort port) throws IOException {
        Socket socket = new Socket(LOCALHOST, port.port());
        socket.setSoTimeout(20_000);
        resources.add(socket);
        return socket;
    }

    /** Buffers lent by every pool the balancer made, restarts included. */
    protected int lent() {
        int lent = 0;
        for (BufferPool pool : pools) {
            lent += pool.lent();
        }
        return lent;
    }
}
