package dev.jpm.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Timeout;

/**
 * A connection's bytes arrive in pieces of any size: whatever they are, the reader hands out lines
 * no longer than its limit, refuses longer ones with {@link LineReader.LineTooLongException} and
 * goes on with the next line, and reaches the end of the stream. The limit is small here (at
 * most 4 KiB) so that the fuzzer reaches it; buffering past it is the unbounded allocation a
 * hostile peer would aim for.
 */
class LineReaderFuzzTest {
    @FuzzTest(maxDuration = FuzzRuns.SHORT)
    @Timeout(FuzzRuns.HANG_SECONDS)
    void readsBoundedLines(FuzzedDataProvider data) throws IOException {
        int maxBytes = data.consumeInt(1, 4096);
        int[] pieceSizes = data.consumeInts(16);
        byte[] stream = data.consumeRemainingAsBytes();
        LineReader reader = new LineReader(new PiecewiseStream(stream, pieceSizes), maxBytes);
        // every call consumes at least one byte or ends the stream, so this bounds the loop
        for (int calls = 0; calls <= stream.length + 1; calls++) {
            String line;
            try {
                line = reader.readLine();
            } catch (LineReader.LineTooLongException refused) {
                continue;
            }
            if (line == null) {
                return;
            }
            // a malformed UTF-8 byte decodes to one char, so chars never outnumber the bytes read
            assertTrue(line.length() <= maxBytes, () -> "line of " + line.length() + " chars past the limit " + maxBytes);
        }
        throw new AssertionError("the reader did not reach the end of a " + stream.length + "-byte stream");
    }

    /** Returns the bytes in pieces of the fuzzed sizes (1 to 9000 bytes, cycling), as a socket might. */
    private static final class PiecewiseStream extends InputStream {
        private final byte[] bytes;
        private final int[] sizes;
        private int pos;
        private int reads;

        PiecewiseStream(byte[] bytes, int[] sizes) {
            this.bytes = bytes;
            this.sizes = sizes.length == 0 ? new int[] {8192} : sizes;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            int piece = 1 + Math.floorMod(sizes[reads++ % sizes.length], 9000);
            int n = Math.min(Math.min(len, piece), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
