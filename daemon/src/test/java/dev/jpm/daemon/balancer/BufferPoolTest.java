package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool keeps what the recent traffic needed and gives the rest back after a burst. */
class BufferPoolTest {
    private final BufferPool pool = new BufferPool();

    private List<ByteBuffer> borrow(int count) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(pool.borrow());
        }
        return out;
    }

    /** Fails for a pool that keeps a burst's buffers forever (26 MB after 400 connections). */
    @Test
    void aBurstsBuffersAreKeptWhileItLastsAndDroppedAQuietTrimLater() {
        List<ByteBuffer> burst = borrow(200);
        burst.forEach(pool::release);
        assertEquals(200, pool.free());

        pool.trim();
        assertEquals(200, pool.free(), "the second the burst was in still needed them all");

        pool.trim();
        assertEquals(BufferPool.RESERVE, pool.free(), "a second with nothing on loan keeps the reserve");
    }

    @Test
    void steadyTrafficKeepsWhatItUses() {
        for (int second = 0; second < 5; second++) {
            List<ByteBuffer> inFlight = borrow(40);
            inFlight.forEach(pool::release);
            pool.trim();
            assertEquals(40, pool.free(), "second " + second);
        }
    }

    @Test
    void buffersOnLoanAtATrimAreNotCountedAsFree() {
        List<ByteBuffer> held = borrow(50);
        pool.trim();
        held.forEach(pool::release);
        pool.trim();
        assertEquals(50, pool.free(), "they were on loan in this second");
        pool.trim();
        assertEquals(BufferPool.RESERVE, pool.free());
        assertEquals(0, pool.lent());
    }
}
