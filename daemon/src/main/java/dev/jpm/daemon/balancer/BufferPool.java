package dev.jpm.daemon.balancer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The direct buffers of one {@link IoLoop}, owned by its thread. A connection borrows one only
 * while bytes it read wait to be written and gives it back as soon as they are, so what the
 * balancer holds grows with the bytes in flight, not with the connections: an idle connection
 * holds none. (It used to take two at accept: 64 KB each, and 4,000 idle clients filled the
 * daemon's 256 MB of direct memory.)
 *
 * <p>After a burst the pool gives back what the burst needed: each {@link #trim} (the loop's idle
 * sweep, once a second while it has connections, and a last time when they are gone) keeps only
 * what the busiest moment since the previous trim had out on loan. Kept, 400 connections left
 * 26 MB of buffers in the pools of an idle daemon of 49 MB; dropped, they are freed by the next
 * full collection ({@code HeapTrimmer}).
 */
class BufferPool {
    static final int BUFFER_SIZE = 32 * 1024;
    /** Kept for reuse: 8 MB covers 256 transfers in flight at once per loop; beyond that, new ones are allocated and dropped. */
    private static final int POOLED = 256;
    /** Kept through every trim: 512 KB, the transfers of a quiet app. */
    static final int RESERVE = 16;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int lent;
    /** The most buffers out on loan at once since the last trim. */
    private int peak;

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
        peak = Math.max(peak, lent);
        return buffer;
    }

    void release(ByteBuffer buffer) {
        lent--;
        if (free.size() < POOLED) {
            buffer.clear();
            free.push(buffer);
        }
    }

    /** Drops the free buffers beyond what the busiest moment since the last trim needed (and the reserve). */
    void trim() {
        int keep = Math.max(RESERVE, peak - lent);
        while (free.size() > keep) {
            free.pop();
        }
        peak = lent;
    }

    /** Buffers kept for reuse now. */
    int free() {
        return free.size();
    }

    /** Buffers out on loan now. */
    int lent() {
        return lent;
    }
}
