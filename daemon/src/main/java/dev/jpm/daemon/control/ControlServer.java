package dev.jpm.daemon.control;

import dev.jpm.daemon.Log;
import dev.jpm.daemon.RateLimitedLog;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Accepts CLI connections on {@code daemon.sock}. One I/O thread ("control-io") accepts, checks
 * the peer, and reads every connection through a selector; a complete request line goes to a
 * worker, whose code stays plain and blocking (a start waits for instances, {@code logs -f} runs
 * for hours). Idle connections therefore cost no thread: 5,000 of them once took 5,000 threads
 * and 310 MB.
 *
 * <p>Bounds (DESIGN.md decision 14), from {@link ControlLimits}: at most 64 connections. A new
 * one beyond that closes the connection idle the longest, with a BUSY answer: an idle connection
 * loses nothing but a reconnect, and this way a flood of idle connections cannot lock the owner
 * out. Only when every connection has a request running is the newcomer answered BUSY. A
 * connection with no request running is closed after the idle timeout. Workers (at most one per
 * connection) are made on demand and end after 30 s without work, so memory returns after a
 * flood. Accept failures back off ({@link AcceptBackoff}).
 */
public final class ControlServer implements AutoCloseable {
    /** Workers left idle this long end; the next request makes a new one (about 0.1 ms). */
    private static final long WORKER_KEEP_ALIVE_S = 30;
    /** Threads that are just returning a connection, above the one-per-connection bound. */
    private static final int WORKER_SLACK = 8;
    private static final int READ_BUFFER_BYTES = 16 * 1024;
    private static final long ROUND_FAILURE_PAUSE_MS = 1_000;
    /** How long close() waits for the I/O thread to close the connections: it is at most one select round away. */
    private static final long CLOSE_WAIT_MS = 2_000;

    private final Path socket;
    private final RequestHandler handler;
    private final ControlLimits limits;
    private final PeerCheck peerCheck;
    private final AcceptBackoff backoff = new AcceptBackoff();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** Every open connection; owned by the I/O thread. */
    private final Set<Connection> open = new HashSet<>();
    /** Connections whose request is answered, from the workers to the I/O thread. */
    private final Queue<Returned> returned = new ConcurrentLinkedQueue<>();
    private final ThreadPoolExecutor workers;
    private ServerSocketChannel server;
    private Selector selector;
    private SelectionKey acceptKey;
    private Thread io;
    /** Idle connections closed to make room and not yet in daemon.log, and when it last said so. I/O thread only. */
    /** A flood closes one idle connection per new one: said once per interval, with the count. */
    private final RateLimitedLog evictions = new RateLimitedLog(AcceptBackoff.REPORT_EVERY_MS);
    /** When accepting resumes after a failure; 0 when it is not paused. I/O thread only. */
    private long acceptPausedUntilMs;
    private volatile boolean closed;

    public ControlServer(Path socket, RequestHandler handler) throws IOException {
        this.socket = socket;
        this.handler = handler;
        this.limits = ControlLimits.fromSystemProperties();
        this.peerCheck = new PeerCheck();
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, limits.maxConnections() + WORKER_SLACK, WORKER_KEEP_ALIVE_S, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "control-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Binds the socket. The caller holds the daemon lock, so a socket file already there was left
     * by a daemon that died: it is removed, since bind would fail on it.
     */
    public void start() throws IOException {
        if (Files.deleteIfExists(socket)) {
            Log.info("removed a stale socket file " + socket);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        server.configureBlocking(false);
        selector = Selector.open();
        acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        io = new Thread(this::run, "control-io");
        io.setDaemon(true);
        io.start();
    }

    /**
     * The I/O thread's loop. A bug that throws here would leave the daemon uncontrollable while it
     * holds the daemon lock, so a failed round is logged and the loop goes on after a pause of a
     * second, which also bounds what a repeating failure can write to daemon.log. That includes an
     * Error: an OutOfMemoryError from one flood of requests is no reason to lock the owner out for good.
     */
    private void run() {
        try {
            while (!closed) {
                try {
                    round();
                } catch (ClosedSelectorException e) {
                    return;
                } catch (Throwable e) {
                    if (closed) {
                        return;
                    }
                    Log.error("the control socket's I/O thread failed a round; going on", e);
                    pause(ROUND_FAILURE_PAUSE_MS);
                }
            }
        } finally {
            closeConnections();
        }
    }

    /** On the I/O thread, which owns them, once the server is closed. */
    private void closeConnections() {
        for (Connection c : open) {
            c.close();
        }
        open.clear();
        try {
            selector.close();
        } catch (IOException e) {
            // the connections are closed; the selector's own descriptor goes with the process at worst
        }
    }

    private void round() throws IOException {
        selector.select(selectTimeoutMs(System.currentTimeMillis()));
        long now = System.currentTimeMillis();
        takeBackReturned(now);
        Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
        while (selected.hasNext()) {
            SelectionKey key = selected.next();
            selected.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept(now);
            } else if (key.isReadable()) {
                read(key, now);
            }
        }
        closeIdle(now);
        resumeAccepting(now);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long selectTimeoutMs(long now) {
        long sweep = Math.max(10, limits.idleTimeoutMs() / 4);
        return acceptPausedUntilMs == 0 ? sweep : Math.max(1, Math.min(sweep, acceptPausedUntilMs - now));
    }

    private void accept(long now) {
        SocketChannel channel;
        try {
            channel = server.accept();
        } catch (ClosedChannelException e) {
            closed = true;
            return;
        } catch (IOException e) {
            // out of descriptors, most likely: leave accepting alone for a while, the backlog waits
            acceptPausedUntilMs = now + backoff.failed(e, now);
            acceptKey.interestOps(0);
            return;
        }
        if (channel == null) {
            return;
        }
        backoff.succeeded(now);
        Connection connection = new Connection(channel, now);
        try {
            channel.configureBlocking(false);
            String stranger = peerCheck.strangerOrNull(channel);
            if (stranger != null) {
                Log.warn("refused a connection from user '" + stranger + "'");
                connection.refuse(ErrorCode.FORBIDDEN, "this daemon belongs to user '" + peerCheck.ownUser()
                        + "'; user '" + stranger + "' may not control it");
                return;
            }
            if (open.size() >= limits.maxConnections() && !makeRoom(now)) {
                connection.refuse(ErrorCode.BUSY, "the jpm daemon is busy: all " + limits.maxConnections()
                        + " control connections have a request running; retry shortly");
                return;
            }
            channel.register(selector, SelectionKey.OP_READ, connection);
            open.add(connection);
        } catch (IOException e) {
            connection.close();
        }
    }

    /** Closes the connection idle the longest; false when every one has a request running. */
    private boolean makeRoom(long now) {
        Connection oldest = null;
        for (Connection c : open) {
            if (!c.inRequest() && (oldest == null || c.lastActivityMs() < oldest.lastActivityMs())) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        open.remove(oldest);
        oldest.refuse(ErrorCode.BUSY, "the jpm daemon closed this idle connection to stay within "
                + limits.maxConnections() + " control connections; connect again");
        evictions.offer(now * 1_000_000, heldBack -> Log.warn("closed " + (heldBack + 1) + " idle control connection(s) to stay within "
                + limits.maxConnections() + ": something opens connections to " + socket + " and leaves them unused"));
        return true;
    }

    private void read(SelectionKey key, long now) {
        Connection connection = (Connection) key.attachment();
        readBuffer.clear();
        int n;
        try {
            n = connection.channel().read(readBuffer);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            open.remove(connection);
            connection.close();
            return;
        }
        readBuffer.flip();
        if (connection.take(readBuffer, now)) {
            key.interestOps(0);
            connection.inRequest(true, now);
            try {
                workers.execute(servingTask(connection, () -> connection.serve(handler), returned, selector::wakeup));
            } catch (RejectedExecutionException e) {
                open.remove(connection);
                connection.refuse(ErrorCode.BUSY, "the jpm daemon has no worker free; retry shortly");
            }
        }
    }

    /**
     * A worker's task: serves the connection and always hands it back, closed when serving did not
     * finish (an Error, say); otherwise the connection would stay "in a request" for ever and its
     * slot and descriptor would be lost.
     */
    static Runnable servingTask(Connection connection, BooleanSupplier serve, Queue<Returned> returned, Runnable wakeup) {
        return () -> {
            boolean keepOpen = false;
            try {
                keepOpen = serve.getAsBoolean();
            } finally {
                returned.add(new Returned(connection, keepOpen));
                wakeup.run();
            }
        };
    }

    /** Connections whose request is answered: read again, or gone. */
    private void takeBackReturned(long now) {
        Returned r;
        while ((r = returned.poll()) != null) {
            SelectionKey key = r.connection().channel().keyFor(selector);
            if (!r.keepOpen() || key == null || !key.isValid()) {
                open.remove(r.connection());
                r.connection().close();
                continue;
            }
            r.connection().inRequest(false, now);
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void closeIdle(long now) {
        List<Connection> idle = new ArrayList<>();
        for (Connection c : open) {
            if (!c.inRequest() && now - c.lastActivityMs() > limits.idleTimeoutMs()) {
                idle.add(c);
            }
        }
        for (Connection c : idle) {
            open.remove(c);
            c.close();
        }
    }

    private void resumeAccepting(long now) {
        if (acceptPausedUntilMs != 0 && now >= acceptPausedUntilMs && acceptKey.isValid()) {
            acceptPausedUntilMs = 0;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** A worker is done with a connection; {@code keepOpen} false when it should close. */
    record Returned(Connection connection, boolean keepOpen) {
    }

    /**
     * Stops accepting, ends requests still running (a {@code logs -f} runs for hours) and has the
     * I/O thread close every connection and the selector.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        workers.shutdownNow();
        if (server != null) {
            server.close();
        }
        if (io != null) {
            selector.wakeup();
            try {
                io.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (selector != null) {
            selector.close();
        }
        Files.deleteIfExists(socket);
    }
}
