package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class LinePrefixerTest {
    private final MutableClock clock = new MutableClock();
    private final LinePrefixer prefixer = new LinePrefixer(DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC), clock);

    private String feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new String(prefixer.prefix(bytes, bytes.length), StandardCharsets.UTF_8);
    }

    @Test
    void everyLineOfAChunkIsStamped() {
        clock.at(Instant.parse("2026-11-23T19:40:01Z"));
        assertEquals("19:40:01 one\n19:40:01 two\n19:40:01 \n", feed("one\ntwo\n\n"));
    }

    @Test
    void aPartialLineIsPassedOnAtOnceAndItsRestIsNotStampedAgain() {
        clock.at(Instant.parse("2026-11-23T19:40:01Z"));
        assertEquals("19:40:01 Enter a", feed("Enter a"), "nothing held back for the rest of the line");
        clock.at(Instant.parse("2026-11-23T19:40:05Z"));
        assertEquals("nswer\n19:40:05 next", feed("nswer\nnext"));
    }

    @Test
    void aLongLineOverManyChunksIsStampedOnceAndNoByteIsLost() {
        clock.at(Instant.parse("2026-11-23T19:40:01Z"));
        StringBuilder out = new StringBuilder();
        String piece = "x".repeat(64 * 1024);
        for (int i = 0; i < 32; i++) {
            out.append(feed(piece));
        }
        out.append(feed("\n"));
        assertEquals("19:40:01 " + piece.repeat(32) + "\n", out.toString());
    }

    @Test
    void onlyTheFirstBytesOfAChunkAreConsidered() {
        byte[] bytes = "ab\ncd\nleft over".getBytes(StandardCharsets.UTF_8);
        clock.at(Instant.parse("2026-11-23T00:00:00Z"));
        assertEquals("00:00:00 ab\n00:00:00 cd\n", new String(prefixer.prefix(bytes, 6), StandardCharsets.UTF_8));
        assertEquals(0, prefixer.prefix(bytes, 0).length, "an empty read writes nothing, not a stamp");
        assertEquals("00:00:00 x", feed("x"), "and the next line still gets its stamp");
    }

    @Test
    void bytesThatAreNotUtf8PassThroughUnchanged() {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, '\n'};
        clock.at(Instant.parse("2026-11-23T00:00:00Z"));
        byte[] out = prefixer.prefix(bytes, 3);
        assertEquals(9 + 3, out.length);
        assertEquals((byte) 0xff, out[9]);
        assertEquals((byte) 0xfe, out[10]);
    }

    /** A clock the test sets. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.EPOCH;

        void at(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
