package dev.jpm.daemon.balancer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * A chunked body arrives in reads of any size: wherever they split it, ChunkedBody must find the
 * same end, or refuse it with the same status, as in one read; anything thrown but
 * {@link HttpError} would reach the I/O loop's catch-all. A different end for the same bytes
 * would be a body that ends at one place for jpm and another for the backend.
 */
class ChunkedBodyFuzzTest {
    @FuzzTest(maxDuration = FuzzRuns.SHORT)
    @Timeout(FuzzRuns.HANG_SECONDS)
    @DictionaryEntries({";", " ;", "=", "\"", "ffffffffffffffff", "4000000000000000", "X-Trailer: "})
    void findsTheSameEndHoweverSplit(FuzzedDataProvider data) {
        boolean direct = data.consumeBoolean();
        int offset = data.consumeInt(0, 16);
        int firstSplit = data.consumeInt(0, 1 << 16);
        int secondSplit = data.consumeInt(0, 1 << 16);
        byte[] body = data.consumeRemainingAsBytes();
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(offset + body.length) : ByteBuffer.allocate(offset + body.length);
        buf.position(offset);
        buf.put(body);
        int to = offset + body.length;
        int a = offset + Math.min(firstSplit, body.length);
        int b = offset + Math.min(secondSplit, body.length);
        String whole = outcome(buf, offset, to, to, to);
        String split = outcome(buf, offset, Math.min(a, b), Math.max(a, b), to);
        assertEquals(whole, split, () -> "split at " + a + " and " + b);
    }

    /** The end found, or the status refused with, reading buf[from,to) in three pieces. */
    private static String outcome(ByteBuffer buf, int from, int first, int second, int to) {
        ChunkedBody body = new ChunkedBody();
        try {
            int end = body.scan(buf, from, first);
            if (end < 0) {
                end = body.scan(buf, first, second);
            }
            if (end < 0) {
                end = body.scan(buf, second, to);
            }
            return "end " + end;
        } catch (HttpError refused) {
            return "refused " + refused.status();
        }
    }
}
