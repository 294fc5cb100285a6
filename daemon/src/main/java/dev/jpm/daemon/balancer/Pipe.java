package dev.jpm.daemon.balancer;

import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A client connection and the backend connection it is forwarded to. Lives on one
 * {@link IoLoop}; every method runs on that loop's thread.
 *
 * <p>Each direction ends on its own: when a side reaches EOF, the other side's output is shut
 * once the bytes still buffered for it are written. The pair closes when both outputs are shut,
 * or at once on any error, with a reset toward the side that did not fail.
 */
final class Pipe extends ClientConnection {
    private static final int CONNECTING = 0;
    private static final int OPEN = 1;
    private static final int CLOSED = 2;

    private final Endpoint client;
    private final Endpoint server;
    private Backend backend;
    private int state = CONNECTING;
    final TriedBackends tried = new TriedBackends();
    /**
     * The PROXY header still owed to the backend before any client byte (when the port asks for
     * one), in a pooled buffer; null when none is owed. Built at each successful connect, so a
     * failover to the next backend sends it again.
     */
    private ByteBuffer header;
    /**
     * A connection stops being silent once its client sends a byte, or once the server has sent
     * more than a greeting: servers that speak first (SMTP, MySQL, the test backend's id) greet
     * every connection of an idle flood, which must stay reclaimable, while a feed whose client
     * never writes carries far more than this and is busy, not silent.
     */
    static final int GREETING_BYTES = 4 * 1024;
    private long serverBytes;

    Pipe(IoLoop loop, PublicPort port, SocketChannel clientChannel) {
        super(loop, port);
        this.client = new Endpoint(this);
        this.server = new Endpoint(this);
        client.peer = server;
        server.peer = client;
        client.channel = clientChannel;
    }

    /** Registers the client for reading (bytes it sends early wait in a buffer) and connects. */
    @Override
    void start() {
        try {
            client.channel.configureBlocking(false);
            client.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            client.interest = SelectionKey.OP_READ;
            client.key = loop.register(client.channel, client.interest, client);
        } catch (IOException e) {
            close(false);
            return;
        }
        connect();
    }

    /** Connects to the next backend not tried yet; closes the client when none is left. */
    private void connect() {
        while (true) {
            backend = port.pick(tried);
            if (backend == null) {
                close(false);
                return;
            }
            SocketChannel channel = null;
            boolean done;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                server.channel = channel;
                done = channel.connect(backend.address);
                server.interest = done ? 0 : SelectionKey.OP_CONNECT;
                server.key = loop.register(channel, server.interest, server);
            } catch (IOException e) {
                failedAttempt(channel);
                continue;
            }
            if (!done) {
                loop.connecting(this);
                return;
            }
            try {
                connected();
            } catch (IOException e) {
                close(true);
            }
            return;
        }
    }

    /** Called by the loop when the connect took too long. */
    @Override
    void connectTimedOut() {
        if (state == CONNECTING && backend != null) {
            failedAttempt(server.channel);
            connect();
        }
    }

    private void failedAttempt(SocketChannel channel) {
        port.connectFailed();
        backend.release();
        tried.add(backend);
        backend = null;
        server.key = null;
        closeQuietly(channel);
    }

    private void connected() throws IOException {
        state = OPEN;
        backend.connected();
        server.setInterest(SelectionKey.OP_READ);
        ProxyProtocol proxyProtocol = port.settings.proxyProtocol();
        if (proxyProtocol != ProxyProtocol.NONE) {
            header = loop.buffers.borrow();
            ProxyHeader.write(proxyProtocol, (InetSocketAddress) client.channel.getRemoteAddress(),
                    (InetSocketAddress) client.channel.getLocalAddress(), header);
            header.flip();
        }
        flushTo(server);
    }

    /** Handles what the selector reported for one side. */
    void ready(Endpoint side, int ops) {
        try {
            if (state == CONNECTING) {
                if (side == server) {
                    if (finishConnect()) {
                        connected();
                    }
                } else {
                    readFrom(client);
                }
                return;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                flushTo(side);
            }
            if ((ops & SelectionKey.OP_READ) != 0 && state == OPEN) {
                readFrom(side);
            }
        } catch (IOException e) {
            close(true);
        }
    }

    private boolean finishConnect() {
        try {
            return server.channel.finishConnect();
        } catch (IOException e) {
            failedAttempt(server.channel);
            connect();
            return false;
        }
    }

    /** Reads into a buffer borrowed for just as long as the bytes take to be written on. */
    private void readFrom(Endpoint src) throws IOException {
        if (src.in != null || src.eof) {
            src.disable(SelectionKey.OP_READ);
            return;
        }
        ByteBuffer buf = loop.buffers.borrow();
        int n;
        try {
            n = src.channel.read(buf);
        } catch (IOException e) {
            loop.buffers.release(buf);
            throw e;
        }
        if (n <= 0) {
            loop.buffers.release(buf);
            if (n == 0) {
                return;
            }
            src.eof = true;
            src.disable(SelectionKey.OP_READ);
        } else {
            buf.flip();
            src.in = buf;
            lastActiveNanos = loop.now();
            if (silentIn != null && (src == client || (serverBytes += n) > GREETING_BYTES)) {
                loop.spoke(this);
            }
        }
        if (state == OPEN) {
            flushTo(src.peer);
        } else {
            src.disable(SelectionKey.OP_READ); // held until the backend connects
        }
    }

    /**
     * Writes what is buffered for {@code dst}, the server's PROXY header first. Short write: wait for {@code dst} to take more, with
     * its source unread. All written: read the source again, or pass its EOF on.
     */
    private void flushTo(Endpoint dst) throws IOException {
        Endpoint src = dst.peer;
        if (dst == server && header != null) {
            dst.channel.write(header);
            if (header.hasRemaining()) {
                src.disable(SelectionKey.OP_READ);
                dst.enable(SelectionKey.OP_WRITE);
                return;
            }
            loop.buffers.release(header);
            header = null;
        }
        ByteBuffer buf = src.in;
        if (buf != null) {
            if (dst.channel.write(buf) > 0) {
                lastActiveNanos = loop.now();
            }
            if (buf.hasRemaining()) {
                src.disable(SelectionKey.OP_READ);
                dst.enable(SelectionKey.OP_WRITE);
                return;
            }
            src.in = null;
            loop.buffers.release(buf);
        }
        dst.disable(SelectionKey.OP_WRITE);
        if (!src.eof) {
            src.enable(SelectionKey.OP_READ);
        } else if (!dst.outputShut) {
            dst.outputShut = true;
            dst.channel.shutdownOutput();
            if (src.outputShut) {
                close(false);
            }
        }
    }

    /**
     * Closes both sides and gives back the buffers still holding bytes. On an error, both channels
     * are closed with SO_LINGER 0, so whichever peer is still there sees a reset rather than a clean end.
     */
    @Override
    void close(boolean reset) {
        if (state == CLOSED) {
            return;
        }
        boolean hadServer = backend != null;
        state = CLOSED;
        if (reset) {
            abortive(client.channel);
            abortive(server.channel);
        }
        closeQuietly(client.channel);
        closeQuietly(server.channel);
        if (hadServer) {
            backend.release();
            backend = null;
        }
        releaseBuffer(client);
        releaseBuffer(server);
        if (header != null) {
            loop.buffers.release(header);
            header = null;
        }
        loop.closed(this);
    }

    private void releaseBuffer(Endpoint side) {
        if (side.in != null) {
            loop.buffers.release(side.in);
            side.in = null;
        }
    }

    /** Turns away a client the balancer has no room for: a reset, so it knows at once. */
    static void resetAndClose(SocketChannel channel) {
        abortive(channel);
        closeQuietly(channel);
    }

    private static void abortive(SocketChannel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // it is being closed either way
            }
        }
    }

    static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }

    @Override
    boolean isConnecting() {
        return state == CONNECTING;
    }

    /** A pipe that moved no byte either way for the loop's idle timeout is closed. */
    @Override
    void sweep(long now) {
        if (state == OPEN && now - lastActiveNanos >= loop.idleTimeoutNanos()) {
            port.closedIdle();
            close(false);
        }
    }
}
