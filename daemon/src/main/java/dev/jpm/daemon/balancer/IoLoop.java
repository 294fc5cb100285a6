package dev.jpm.daemon.balancer;

import dev.jpm.daemon.Log;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One selector thread. It accepts on every public port itself (each listening channel is
 * registered with every loop; the kernel wakes them all and one wins each accept), so a
 * connection never changes thread and needs no hand-off. Its pipes, buffers and connect
 * deadlines are confined to this thread; other threads reach it only through {@link #execute}.
 */
final class IoLoop implements Runnable {
    static final int BUFFER_SIZE = 32 * 1024;
    private static final int POOLED_BUFFERS = 256;
    /** Accepts per wake-up, so one loop cannot take a whole burst while the other idles. */
    private static final int ACCEPT_BATCH = 16;
    static final long CONNECT_TIMEOUT_NANOS = 3_000_000_000L;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private final ArrayDeque<Pipe> connecting = new ArrayDeque<>();
    private final Consumer<SelectionKey> onReady = this::ready;
    private final Thread thread;
    private volatile boolean running = true;

    IoLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(onReady, connectWaitMillis());
                runTasks();
                expireConnects();
            }
        } catch (IOException | RuntimeException e) {
            Log.error(thread.getName() + " stopped", e);
        } finally {
            closeAll();
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return; // closed earlier in this same round
        }
        Object attachment = key.attachment();
        if (attachment instanceof Endpoint side) {
            try {
                side.pipe.ready(side, key.readyOps());
            } catch (RuntimeException e) {
                Log.error("balancer: connection of " + side.pipe.port.app + " failed", e);
                side.pipe.close(true);
            }
        } else {
            accept((PublicPort) attachment);
        }
    }

    private void accept(PublicPort port) {
        for (int i = 0; i < ACCEPT_BATCH; i++) {
            SocketChannel channel;
            try {
                channel = port.server.accept();
                if (channel == null) {
                    return;
                }
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                Log.warn("balancer: accept on " + port.app + " port " + port.port() + " failed: " + e);
                return;
            }
            new Pipe(this, port, channel, borrow(), borrow()).start();
        }
    }

    SelectionKey register(SelectableChannel channel, int ops, Object attachment) throws ClosedChannelException {
        return channel.register(selector, ops, attachment);
    }

    /** Remembers a pending connect, so it fails over to the next backend if it takes too long. */
    void connecting(Pipe pipe) {
        pipe.connectDeadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
        pipe.queued++;
        connecting.add(pipe);
    }

    /** Deadlines only grow along the queue; a pipe queued again later is skipped at its older entries. */
    private void expireConnects() {
        long now = System.nanoTime();
        Pipe head;
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

    private long connectWaitMillis() {
        Pipe head = connecting.peek();
        if (head == null) {
            return 0; // no deadline: block until something happens
        }
        return Math.max(1, (head.connectDeadline - System.nanoTime()) / 1_000_000 + 1);
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                Log.error("balancer task failed", e);
            }
        }
    }

    ByteBuffer borrow() {
        ByteBuffer buffer = buffers.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(BUFFER_SIZE);
    }

    void release(ByteBuffer buffer) {
        if (buffers.size() < POOLED_BUFFERS) {
            buffer.clear();
            buffers.push(buffer);
        }
    }

    void listen(PublicPort port) throws ClosedChannelException {
        port.server.register(selector, SelectionKey.OP_ACCEPT, port);
    }

    /** Stops accepting for that port here and closes the connections it carries on this loop. */
    void closePort(PublicPort port) {
        SelectionKey key = port.server.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        for (Pipe pipe : pipes()) {
            if (pipe.port == port) {
                pipe.close(false);
            }
        }
        flushCancelledKeys();
    }

    /**
     * A channel closed while registered keeps its file descriptor until every selector it was on
     * has selected once more; do that now, so the port is free and the peers see the close when
     * {@link PublicPort#close} returns.
     */
    private void flushCancelledKeys() {
        try {
            selector.selectNow(onReady);
        } catch (IOException e) {
            Log.warn("balancer: select failed: " + e);
        }
    }

    /** Every pipe with a channel on this loop: a copy, since closing them changes the key set. */
    private Set<Pipe> pipes() {
        Set<Pipe> pipes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Endpoint side) {
                pipes.add(side.pipe);
            }
        }
        return pipes;
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void closeAll() {
        for (Pipe pipe : pipes()) {
            pipe.close(false);
        }
        try {
            selector.close();
        } catch (IOException e) {
            Log.warn("balancer: closing a selector failed: " + e);
        }
    }
}
