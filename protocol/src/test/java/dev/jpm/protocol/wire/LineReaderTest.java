package dev.jpm.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private static LineReader reader(String text, int max) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void readsLinesAcrossBufferBoundariesAndTheLastUnterminatedOne() throws Exception {
        String longLine = "y".repeat(20_000);
        LineReader r = reader("a\n" + longLine + "\nlast", 1 << 20);
        assertEquals("a", r.readLine());
        assertEquals(longLine, r.readLine());
        assertEquals("last", r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void anOverLongLineIsSkippedAndTheNextOneStillReads() throws Exception {
        LineReader r = reader("x".repeat(100) + "\nok\n", 10);
        assertThrows(LineReader.LineTooLongException.class, r::readLine);
        assertEquals("ok", r.readLine());
    }

    @Test
    void multiByteCharactersSurvive() throws Exception {
        assertEquals("héllo ↺", reader("héllo ↺\n", 100).readLine());
    }
}
