package dev.jpm.daemon.balancer;

import dev.jpm.daemon.AcceptPause;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.RateLimitedLog;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One selector thread. It accepts on every public port itself (each listening channel is
 * registered with every loop; the kernel wakes them all and one wins each accept), so a
 * connection never changes thread and needs no hand-off. Its pipes, buffers, acceptors, connect
 * deadlines and idle sweep are confined to this thread; other threads reach it only through
 * {@link #execute}.
 *
 * <p>No failure ends the loop but a broken selector: a failure inside one connection, an
 * {@link OutOfMemoryError} included, closes that connection; any other failure costs the round.
 * When the selector breaks all the same, the loop closes what it carries and {@code onDeath}
 * puts a new loop in its place.
 */
final class IoLoop implements Runnable {
    /** Accepts per wake-up, so one loop cannot take a whole burst while the other idles. */
    private static final int ACCEPT_BATCH = 16;
    static final long CONNECT_TIMEOUT_NANOS = 3_000_000_000L;
    /** After a round failed as a whole, so a failure that repeats cannot spin a core. */
    private static final long FAILED_ROUND_PAUSE_MILLIS = 10;
    /** Connection failures are logged at most once per interval, with a count of the rest. */
    private static final long FAILURE_LOG_INTERVAL_MILLIS = 10_000;
    /** The idle sweep runs this often at most: idle timeouts are enforced to the second. */
    private static final long MAX_SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    final BufferPool buffers;
    private final String name;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<ClientConnection> connecting = new ArrayDeque<>();
    private final Set<ClientConnection> open = new HashSet<>();
    private final Map<PublicPort, SilentConnections> silent = new IdentityHashMap<>();
    /** Idle keep-alive connections to the backends of http-mode ports, this loop's own. */
    final BackendPool pool = new BackendPool();
    private final List<Acceptor> paused = new ArrayList<>();
    private final long idleTimeoutNanos;
    private final HttpTimeouts httpTimeouts;
    private final long sweepIntervalNanos;
    private final Consumer<IoLoop> onDeath;
    private final Consumer<SelectionKey> onReady = this::ready;
    private final Thread thread;
    private volatile boolean running = true;
    private long now = System.nanoTime();
    private long nextSweepNanos;
    private final RateLimitedLog failureLog = new RateLimitedLog(FAILURE_LOG_INTERVAL_MILLIS);

    IoLoop(String name, long idleTimeoutNanos, HttpTimeouts httpTimeouts, BufferPool buffers, Consumer<IoLoop> onDeath)
            throws IOException {
        this.name = name;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.httpTimeouts = httpTimeouts;
        this.sweepIntervalNanos = Math.min(MAX_SWEEP_INTERVAL_NANOS, Math.max(1, idleTimeoutNanos / 4));
        this.buffers = buffers;
        this.onDeath = onDeath;
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    String name() {
        return name;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** The clock of the round, read when the selector reported the key being handled. */
    long now() {
        return now;
    }

    HttpTimeouts httpTimeouts() {
        return httpTimeouts;
    }

    /** A tcp connection that moves no byte for this long is closed; an http exchange that waits this long on its backend too. */
    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (Throwable t) {
            Log.error("balancer: " + name + " stopped: its selector failed", t);
        } finally {
            closeAll();
            if (running) {
                onDeath.accept(this);
            }
        }
    }

    private void loop() throws IOException {
        while (running) {
            try {
                round();
            } catch (IOException | ClosedSelectorException e) {
                throw e;
            } catch (Throwable t) {
                report(name + " round failed", t);
                pauseAfterFailure();
            }
        }
    }

    private void round() throws IOException {
        selector.select(onReady, waitMillis());
        now = System.nanoTime();
        runTasks();
        expireConnects();
        resumeAccepts();
        if (now - nextSweepNanos >= 0) {
            closeIdle();
        }
    }

    private void ready(SelectionKey key) {
        now = System.nanoTime();
        if (!key.isValid()) {
            return; // closed earlier in this same round
        }
        Object attachment = key.attachment();
        if (attachment instanceof Endpoint side) {
            try {
                side.pipe.ready(side, key.readyOps());
            } catch (Throwable t) {
                connectionFailed(side.pipe, t);
            }
        } else if (attachment instanceof HttpConnection http) {
            try {
                http.clientReady(key.readyOps());
            } catch (Throwable t) {
                connectionFailed(http, t);
            }
        } else if (attachment instanceof BackendConnection backend) {
            HttpConnection owner = backend.owner;
            try {
                if (owner != null) {
                    owner.backendReady(key.readyOps());
                } else {
                    pool.idleReady(backend);
                }
            } catch (Throwable t) {
                if (owner != null) {
                    connectionFailed(owner, t);
                } else {
                    backend.close();
                }
            }
        } else {
            accept((Acceptor) attachment);
        }
    }

    /** One connection's failure, an OutOfMemoryError for its buffer included, ends that connection only. */
    private void connectionFailed(ClientConnection connection, Throwable t) {
        try {
            connection.close(true);
        } finally {
            report("connection of " + connection.port.app + " failed", t);
        }
    }

    private void accept(Acceptor acceptor) {
        for (int i = 0; i < ACCEPT_BATCH; i++) {
            SocketChannel channel;
            try {
                channel = acceptor.port.server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | Error e) {
                acceptFailed(acceptor, e);
                return;
            }
            if (channel == null) {
                return;
            }
            long failed = acceptor.pause.succeeded();
            if (failed > 0) {
                Log.info("balancer: accepting on " + acceptor.port.app + " port " + acceptor.port.port() + " again after "
                        + failed + " failed accepts in " + acceptor.pause.episodeMillis(now) + " ms");
            }
            admit(acceptor.port, channel);
        }
    }

    private void acceptFailed(Acceptor acceptor, Throwable e) {
        if (acceptor.failed(now)) {
            Log.warn("balancer: accepting on " + acceptor.port.app + " port " + acceptor.port.port() + " failed (" + e
                    + "); new clients wait in the backlog while accepts pause, " + AcceptPause.FIRST_PAUSE_MILLIS + " ms doubling to "
                    + AcceptPause.MAX_PAUSE_MILLIS + " ms at a time");
        }
        paused.add(acceptor);
    }

    private void resumeAccepts() {
        paused.removeIf(acceptor -> {
            if (acceptor.resumeAtNanos() - now > 0) {
                return false;
            }
            acceptor.resume();
            return true;
        });
    }

    /**
     * Takes a new client if its port has room. At {@code max_connections} the port gives up its
     * oldest connection on this loop that is still silent ({@link Pipe#GREETING_BYTES}), as nginx
     * reuses idle connections when it runs out of them: a flood of connections that never speak
     * (a scanner, a slowloris, clients behind a dead network) then only takes places from itself,
     * and a connection that has carried something (a request, or a server's stream) is never cut
     * for a newcomer. With no such connection, the
     * newcomer is reset at once, as a port with no instance does: an answer it can act on,
     * where leaving it in the backlog would make every later client wait behind it.
     */
    private void admit(PublicPort port, SocketChannel channel) {
        boolean placeTaken = false;
        ClientConnection pipe = null;
        try {
            placeTaken = port.tryOpen() || reclaimSilent(port) && port.tryOpen();
            if (!placeTaken) {
                port.refused();
                Pipe.resetAndClose(channel);
                return;
            }
            pipe = port.settings.protocol() == ClusterSettings.Protocol.HTTP
                    ? new HttpConnection(this, port, channel)
                    : new Pipe(this, port, channel);
            open.add(pipe);
            silent(port).add(pipe);
            pipe.start();
        } catch (Throwable t) {
            // an OutOfMemoryError for the pipe, a key cancelled by the port closing meanwhile: this
            // client is lost, but not its descriptor, its place under max_connections, or the round
            if (pipe != null && open.contains(pipe)) {
                pipe.close(true); // gives the place back through closed()
            } else {
                Pipe.resetAndClose(channel);
                if (placeTaken) {
                    port.connectionClosed();
                }
            }
            report("taking a new client of " + port.app + " failed", t);
        }
    }

    /** Closes the port's oldest silent connection on this loop; false when there is none. */
    private boolean reclaimSilent(PublicPort port) {
        ClientConnection oldest = silent(port).oldest();
        if (oldest == null) {
            return false;
        }
        oldest.close(true);
        port.reclaimed();
        return true;
    }

    private SilentConnections silent(PublicPort port) {
        return silent.computeIfAbsent(port, p -> new SilentConnections());
    }

    /** {@code pipe} carries bytes: it is no longer one a full port may give up. */
    void spoke(ClientConnection pipe) {
        SilentConnections list = silent.get(pipe.port);
        if (list != null) {
            list.remove(pipe);
        }
    }

    /** An http connection is idle between two requests again: a full port may give it up. */
    void quiet(ClientConnection connection) {
        if (open.contains(connection)) {
            silent(connection.port).add(connection);
        }
    }

    /** Called by a connection as it closes. */
    void closed(ClientConnection pipe) {
        if (open.remove(pipe)) {
            spoke(pipe);
            pipe.port.connectionClosed();
        }
    }

    SelectionKey register(SelectableChannel channel, int ops, Object attachment) throws ClosedChannelException {
        return channel.register(selector, ops, attachment);
    }

    /** Remembers a pending connect, so it fails over to the next backend if it takes too long. */
    void connecting(ClientConnection pipe) {
        pipe.connectDeadline = now + CONNECT_TIMEOUT_NANOS;
        pipe.queued++;
        connecting.add(pipe);
    }

    /** Deadlines only grow along the queue; a pipe queued again later is skipped at its older entries. */
    private void expireConnects() {
        ClientConnection head;
        while ((head = connecting.peek()) != null) {
            if (head.queued > 1 || !head.isConnecting()) {
                connecting.poll();
                head.queued--;
            } else if (head.connectDeadline - now <= 0) {
                connecting.poll();
                head.queued--;
                head.connectTimedOut();
            } else {
                return;
            }
        }
    }

    /**
     * Lets every connection close itself if one of its timeouts passed (tcp: idle; http: the
     * request head deadline, the keep-alive idle time, a backend that does not answer), and
     * closes pooled backend connections idle too long; then gives back the buffers the last
     * second did not need.
     */
    private void closeIdle() {
        nextSweepNanos = now + sweepIntervalNanos;
        for (ClientConnection connection : open.toArray(new ClientConnection[0])) {
            connection.sweep(now);
        }
        pool.sweep(now);
        buffers.trim();
    }

    /** Until the nearest deadline: a connect, the idle sweep while connections are open, a paused accept; 0 for none. */
    private long waitMillis() {
        long wait = Long.MAX_VALUE;
        ClientConnection head = connecting.peek();
        if (head != null) {
            wait = head.connectDeadline - now;
        }
        if (!open.isEmpty() || !pool.isEmpty()) {
            wait = Math.min(wait, nextSweepNanos - now);
        }
        for (Acceptor acceptor : paused) {
            wait = Math.min(wait, acceptor.resumeAtNanos() - now);
        }
        if (wait == Long.MAX_VALUE) {
            return 0; // nothing is due: block until something happens
        }
        return Math.max(1, wait / 1_000_000 + 1);
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                report("task failed", t);
            }
        }
    }

    /** Logs a failure, at most one line per interval; the lines held back are counted in the next. */
    private void report(String what, Throwable t) {
        failureLog.offer(System.nanoTime(), heldBack -> Log.error("balancer: " + what
                + (heldBack == 0 ? "" : " (and " + heldBack + " more failures since the last report)"), t));
    }

    private static void pauseAfterFailure() {
        try {
            Thread.sleep(FAILED_ROUND_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void listen(PublicPort port) throws ClosedChannelException {
        if (port.server.keyFor(selector) != null) {
            return; // registered already, by the loop that replaced a dead one
        }
        Acceptor acceptor = new Acceptor(port);
        acceptor.key = port.server.register(selector, SelectionKey.OP_ACCEPT, acceptor);
    }

    /** Stops accepting for that port here and closes the connections it carries on this loop. */
    void closePort(PublicPort port) {
        SelectionKey key = port.server.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        paused.removeIf(acceptor -> acceptor.port == port);
        for (ClientConnection pipe : new ArrayList<>(open)) {
            if (pipe.port == port) {
                pipe.close(false);
            }
        }
        pool.closePort(port);
        silent.remove(port);
        flushCancelledKeys();
    }

    /**
     * A channel closed while registered keeps its file descriptor until every selector it was on
     * has flushed the cancelled key, which happens in a select: do one now, so the port is free
     * again by the time {@link PublicPort#close} returns.
     */
    private void flushCancelledKeys() {
        try {
            selector.selectNow(onReady);
        } catch (IOException e) {
            Log.warn("balancer: select failed: " + e);
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void closeAll() {
        for (ClientConnection pipe : new ArrayList<>(open)) {
            try {
                pipe.close(false);
            } catch (Throwable t) {
                // closing everything anyway
            }
        }
        pool.closeAll();
        try {
            selector.close();
        } catch (IOException e) {
            Log.warn("balancer: closing a selector failed: " + e);
        }
    }
}
