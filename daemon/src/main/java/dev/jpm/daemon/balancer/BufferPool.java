package dev.jpm.daemon.balancer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The direct buffers of one {@link IoLoop}, owned by its thread. A connection borrows one only
 * while bytes it read wait to be written and gives it back as soon as they are, so what the
 * balancer holds grows with the bytes in flight, not with the connections: an idle connection
 * holds none. (It used to take two at accept: 64 KB each, and 4,000 idle clients filled the
 * daemon's 256 MB of direct memory.)
 */
class BufferPool {
    static final int BUFFER_SIZE = 32 * 1024;
    /** Kept for reuse: 8 MB covers 256 transfers in flight at once per loop; beyond that, new ones are allocated and dropped. */
    private static final int POOLED = 256;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int lent;

    /**
     * A cleared buffer.
     *
     * @throws OutOfMemoryError when the JVM's direct memory is used up; the loop closes the one
     *                          connection that asked and goes on
     */
    ByteBuffer borrow() {
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        }
        lent++;
        return buffer;
    }

    void release(ByteBuffer buffer) {
        lent--;
        if (free.size() < POOLED) {
            buffer.clear();
            free.push(buffer);
        }
    }

    /** Buffers out on loan now. */
    int lent() {
        return lent;
    }
}
