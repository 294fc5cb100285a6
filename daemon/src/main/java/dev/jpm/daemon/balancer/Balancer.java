package dev.jpm.daemon.balancer;

import dev.jpm.daemon.Log;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Cluster mode's load balancer: forwards every TCP connection on an app's public port to one of
 * its online instances on 127.0.0.1 (layer 4, bytes in, bytes out, nothing parsed).
 *
 * <p>A few selector threads ({@link IoLoop}) do all the work with non-blocking channels: no
 * thread per connection, and on the forwarding path no allocation at all. A connection holds a
 * pooled direct buffer of {@value BufferPool#BUFFER_SIZE} bytes per direction only while bytes
 * wait to be written on ({@link BufferPool}); an idle one holds none. Each port takes at most
 * {@code max_connections} clients ({@link ConnectionLimit}), a connection that moves no byte for
 * {@link #IDLE_TIMEOUT_NANOS} is closed, and a loop that dies is replaced.
 */
public final class Balancer implements AutoCloseable {
    private static final int BACKLOG = 4096;
    private static final long WAIT_MILLIS = 5_000;
    /**
     * A connection that moves no byte either way for 10 minutes is closed: nginx's default for
     * TCP proxying (proxy_timeout). Long enough for what a layer-4 proxy carries (long polls,
     * WebSockets, database sessions with keep-alives); short enough that connections whose peer
     * vanished without a FIN (a cut network, a crashed host) give their two descriptors back
     * within minutes instead of never.
     */
    static final long IDLE_TIMEOUT_NANOS = 600_000_000_000L;

    /** Replaced, under this object's lock, when one dies; read through {@link #loops()}. */
    private final IoLoop[] loops;
    private final long idleTimeoutNanos;
    private final HttpTimeouts httpTimeouts;
    private final Supplier<BufferPool> pools;
    private final Set<PublicPort> ports = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private int restarts;

    /** Starts {@code ioThreads} selector threads, or {@link #defaultThreads()} when it is below 1. */
    public Balancer(int ioThreads) {
        this(ioThreads, IDLE_TIMEOUT_NANOS, HttpTimeouts.DEFAULT, BufferPool::new);
    }

    Balancer(int ioThreads, long idleTimeoutNanos, Supplier<BufferPool> pools) {
        this(ioThreads, idleTimeoutNanos, HttpTimeouts.DEFAULT, pools);
    }

    Balancer(int ioThreads, long idleTimeoutNanos, HttpTimeouts httpTimeouts, Supplier<BufferPool> pools) {
        int n = ioThreads < 1 ? defaultThreads() : ioThreads;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.httpTimeouts = httpTimeouts;
        this.pools = pools;
        loops = new IoLoop[n];
        try {
            for (int i = 0; i < n; i++) {
                loops[i] = newLoop("balancer-" + (i + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        for (IoLoop loop : loops) {
            loop.start();
        }
    }

    private IoLoop newLoop(String name) throws IOException {
        return new IoLoop(name, idleTimeoutNanos, httpTimeouts, pools.get(), this::replace);
    }

    /** One selector thread per core, at most two: the instances behind it need the CPU too. */
    public static int defaultThreads() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Binds {@code host:port} now and starts accepting on it; new connections are closed until
     * the port has a backend.
     *
     * <p>{@code settings.maxConnections()} below 1 means {@link ConnectionLimit#defaultPerPort()}.
     *
     * @throws BindException when the port is taken
     */
    public PublicPort open(String app, ClusterSettings settings) throws IOException {
        String host = settings.host();
        int port = settings.port();
        int maxConnections = settings.maxConnections();
        if (closed) {
            throw new IllegalStateException("the balancer is closed");
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(host, port), BACKLOG);
            server.configureBlocking(false);
        } catch (IOException e) {
            server.close();
            if (e instanceof BindException) {
                throw new BindException("cannot listen on " + host + ":" + port + " for " + app + ": " + e.getMessage());
            }
            throw e;
        }
        int bound = ((InetSocketAddress) server.getLocalAddress()).getPort();
        int limit = maxConnections < 1 ? ConnectionLimit.defaultPerPort() : maxConnections;
        PublicPort publicPort = new PublicPort(this, app, server, settings, bound, limit);
        ports.add(publicPort);
        onEveryLoop(loop -> {
            try {
                loop.listen(publicPort);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // closed meanwhile
            }
        });
        return publicPort;
    }

    void closed(PublicPort port) {
        ports.remove(port);
    }

    /**
     * Puts a new loop in the place of one whose selector failed, listening on every open port;
     * called on the dead loop's thread once it has closed its connections. Should that fail too,
     * the ports show as degraded ({@link PublicPort#state}) and the other loops carry on.
     */
    private synchronized void replace(IoLoop dead) {
        int index = Arrays.asList(loops).indexOf(dead);
        if (closed || index < 0) {
            return;
        }
        try {
            IoLoop fresh = newLoop(dead.name());
            for (PublicPort port : ports) {
                if (!port.isClosed()) {
                    fresh.listen(port);
                }
            }
            loops[index] = fresh;
            restarts++;
            fresh.start();
            Log.warn("balancer: " + dead.name() + " replaced by a new loop (" + restarts + " so far); its connections were closed");
        } catch (IOException | RuntimeException | Error e) {
            Log.error("balancer: cannot replace " + dead.name() + "; the other loops go on accepting", e);
        }
    }

    synchronized IoLoop[] loops() {
        return loops.clone();
    }

    int loopCount() {
        return loops.length;
    }

    /** Loops whose thread runs. */
    int liveLoops() {
        int live = 0;
        for (IoLoop loop : loops()) {
            if (loop.isAlive()) {
                live++;
            }
        }
        return live;
    }

    /** Loops that died and were replaced since the start. */
    synchronized int restarts() {
        return restarts;
    }

    /**
     * Runs the task on every loop and waits for all of them, unless called from a loop itself;
     * a loop cannot wait for itself.
     */
    void onEveryLoop(Consumer<IoLoop> task) {
        IoLoop[] current = loops();
        CountDownLatch done = new CountDownLatch(current.length);
        boolean wait = true;
        for (IoLoop loop : current) {
            wait &= !loop.inLoop();
            loop.execute(() -> {
                try {
                    task.accept(loop);
                } finally {
                    done.countDown();
                }
            });
        }
        if (wait) {
            try {
                done.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs the task on every loop, soon, without waiting for it. */
    void onEveryLoopLater(Consumer<IoLoop> task) {
        for (IoLoop loop : loops()) {
            loop.execute(() -> task.accept(loop));
        }
    }

    /** Closes every port and every connection, and stops the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronized (this) {
            closed = true; // before the loops stop, so that none is replaced meanwhile
        }
        for (PublicPort port : ports) {
            port.close();
        }
        IoLoop[] current = loops();
        for (IoLoop loop : current) {
            loop.stop();
        }
        for (IoLoop loop : current) {
            if (!loop.inLoop()) {
                try {
                    loop.join(WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
