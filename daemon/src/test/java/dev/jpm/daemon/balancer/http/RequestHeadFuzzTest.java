package dev.jpm.daemon.balancer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever a client sends, the balancer's request side either refuses it with an
 * {@link HttpError} or forwards a head that means the same: anything else thrown would reach the
 * I/O loop's catch-all, and a head that the backend frames differently from jpm is request
 * smuggling. So: HeadEnd (the bytes split in two at a fuzzed index), parse, then
 * writeForBackend with forwarding off, whose output must parse again to the same request and be
 * written the same again; with forwarding on it must fit the destination buffer. (Dictionary
 * entries hold no CR or LF: libFuzzer could not read them from the dictionary Jazzer writes.)
 *
 * <p>{@code mvn verify} replays the seeds in {@code RequestHeadFuzzTestInputs/} and fuzzes for
 * {@link FuzzRuns#SHORT} in the {@code fuzz} profile.
 */
class RequestHeadFuzzTest {
    private static final Forwarding FORWARDING = new Forwarding(new InetSocketAddress("203.0.113.7", 1), 8080);

    @FuzzTest(maxDuration = FuzzRuns.SHORT)
    @Timeout(FuzzRuns.HANG_SECONDS)
    @DictionaryEntries({"GET ", "HEAD ", "POST ", "CONNECT ", " HTTP/1.1", " HTTP/1.0", "Host: ",
            "Content-Length: ", "Transfer-Encoding: chunked", "Connection: ", "close", "keep-alive", "Upgrade", "Upgrade: ",
            "Expect: 100-continue", "X-Forwarded-For: ", "Forwarded: ", "TE: ", "Keep-Alive: ", "Proxy-Connection: ", ", "})
    void parsesAndRewrites(FuzzedDataProvider data) throws HttpError {
        boolean direct = data.consumeBoolean();
        int offset = data.consumeInt(0, 16);
        int splitAt = data.consumeInt(0, 1 << 16);
        byte[] message = data.consumeRemainingAsBytes();
        ByteBuffer src = direct ? ByteBuffer.allocateDirect(offset + message.length) : ByteBuffer.allocate(offset + message.length);
        src.position(offset);
        src.put(message);
        int to = offset + message.length;
        int split = offset + Math.min(splitAt, message.length);

        RequestHead head;
        try {
            HeadEnd headEnd = new HeadEnd(true);
            int end = headEnd.scan(src, offset, split);
            if (end < 0) {
                end = headEnd.scan(src, split, to);
            }
            if (end < 0) {
                return;
            }
            head = RequestHead.parse(src, offset, end);
        } catch (HttpError refused) {
            assertTrue(refused.status() >= 400 && refused.status() <= 505, refused::toString);
            return;
        }
        ByteBuffer forwarded = ByteBuffer.allocate(HttpLimits.MAX_HEAD_BYTES + HttpLimits.REWRITE_ROOM_BYTES);
        head.writeForBackend(src, forwarded, FORWARDING);

        ByteBuffer backend = ByteBuffer.allocate(HttpLimits.MAX_HEAD_BYTES + HttpLimits.REWRITE_ROOM_BYTES);
        int written = head.writeForBackend(src, backend, null);
        RequestHead again;
        try {
            again = RequestHead.parse(backend, 0, written);
        } catch (HttpError e) {
            // jpm adds a Connection field for HTTP/1.0 and upgrades: one past the limit is the backend's to judge
            if (e.status() == 431 && (head.versionMinor() == 0 || head.upgrade())) {
                return;
            }
            throw new AssertionError("the head written for the backend does not parse: " + e, e);
        }
        assertEquals(head.idempotent(), again.idempotent());
        assertEquals(head.isHead(), again.isHead());
        assertEquals(head.versionMinor(), again.versionMinor());
        assertEquals(head.contentLength(), again.contentLength());
        assertEquals(head.chunked(), again.chunked());
        assertEquals(head.hasBody(), again.hasBody());
        assertEquals(head.upgrade(), again.upgrade());
        assertEquals(head.expectContinue(), again.expectContinue());
        ByteBuffer twice = ByteBuffer.allocate(HttpLimits.MAX_HEAD_BYTES + HttpLimits.REWRITE_ROOM_BYTES);
        assertEquals(written, again.writeForBackend(backend, twice, null));
        assertEquals(backend.flip(), twice.flip(), "written differently the second time");
    }
}
