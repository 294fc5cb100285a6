package dev.jpm.daemon.balancer;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection from the balancer to a backend in http mode. It serves one request at
 * a time for its {@link #owner}, and between requests waits in its loop's {@link BackendPool}.
 * Owned by the thread of the loop it is registered with.
 */
final class BackendConnection {
    final Backend backend;
    final SocketChannel channel;
    SelectionKey key;
    private int interest = -1;
    /** The client connection whose request it carries now; null while it waits in the pool. */
    HttpConnection owner;
    /** When it went back to the pool, by the loop's clock. */
    long idleSinceNanos;
    /** Requests it carried to their end; above 0 it is a reused connection. */
    int exchanges;

    BackendConnection(Backend backend, SocketChannel channel) {
        this.backend = backend;
        this.channel = channel;
    }

    void setInterest(int ops) {
        if (ops != interest && key != null && key.isValid()) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    boolean isOpen() {
        return channel.isOpen() && key != null && key.isValid();
    }

    void close() {
        owner = null;
        Pipe.closeQuietly(channel);
    }

    /** Closes with a reset: the backend must not take a half-sent request for a whole one. */
    void abort() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // closing either way
        }
        close();
    }

    static int ops(boolean read, boolean write) {
        return (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
    }
}
