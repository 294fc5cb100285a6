package dev.jpm.daemon.balancer;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One side of a {@link Pipe}: a channel, its selection key, and the bytes read from it that are
 * on their way to the other side.
 *
 * <p>{@link #in} is null while nothing waits, or a flipped buffer holding bytes not yet written.
 * A side is read only while it holds none; that is the whole of the backpressure: a destination
 * that takes bytes slowly keeps the buffer full, which keeps the source unread, which fills the
 * source's socket buffers and slows the sender.
 */
final class Endpoint {
    final Pipe pipe;
    /** Bytes read and not yet written on, in a buffer borrowed from the loop's pool; null when none. */
    ByteBuffer in;
    Endpoint peer;
    SocketChannel channel;
    SelectionKey key;
    int interest;
    /** The channel has no more bytes to give. */
    boolean eof;
    /** This side's output is shut: everything the peer sent has been delivered. */
    boolean outputShut;

    Endpoint(Pipe pipe) {
        this.pipe = pipe;
    }

    void enable(int op) {
        setInterest(interest | op);
    }

    void disable(int op) {
        setInterest(interest & ~op);
    }

    void setInterest(int ops) {
        if (ops != interest) {
            interest = ops;
            if (key != null) {
                key.interestOps(ops);
            }
        }
    }
}
