package dev.jpm.daemon.balancer;

import dev.jpm.protocol.ecosystem.ClusterSettings.Strategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Cluster mode's load balancer: forwards every TCP connection on an app's public port to one of
 * its online instances on 127.0.0.1 (layer 4, bytes in, bytes out, nothing parsed).
 *
 * <p>A few selector threads ({@link IoLoop}) do all the work with non-blocking channels: no
 * thread per connection, and on the forwarding path no allocation at all; each connection
 * borrows two pooled direct buffers of {@value IoLoop#BUFFER_SIZE} bytes, one per direction, and
 * never holds more than that, whatever its peers do.
 */
public final class Balancer implements AutoCloseable {
    private static final int BACKLOG = 4096;
    private static final long WAIT_MILLIS = 5_000;

    private final IoLoop[] loops;
    private final Set<PublicPort> ports = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Starts {@code ioThreads} selector threads, or {@link #defaultThreads()} when it is below 1. */
    public Balancer(int ioThreads) {
        int n = ioThreads < 1 ? defaultThreads() : ioThreads;
        loops = new IoLoop[n];
        try {
            for (int i = 0; i < n; i++) {
                loops[i] = new IoLoop("balancer-" + (i + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        for (IoLoop loop : loops) {
            loop.start();
        }
    }

    /** One selector thread per core, at most two: the instances behind it need the CPU too. */
    public static int defaultThreads() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Binds {@code host:port} now and starts accepting on it; new connections are closed until
     * the port has a backend.
     *
     * @throws BindException when the port is taken
     */
    public PublicPort open(String app, String host, int port, Strategy strategy) throws IOException {
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
        PublicPort publicPort = new PublicPort(this, app, server, strategy, bound);
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
     * Runs the task on every loop and waits for all of them, unless called from a loop itself;
     * a loop cannot wait for itself.
     */
    void onEveryLoop(Consumer<IoLoop> task) {
        CountDownLatch done = new CountDownLatch(loops.length);
        boolean wait = true;
        for (IoLoop loop : loops) {
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

    /** Closes every port and every connection, and stops the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PublicPort port : ports) {
            port.close();
        }
        for (IoLoop loop : loops) {
            loop.stop();
        }
        for (IoLoop loop : loops) {
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
