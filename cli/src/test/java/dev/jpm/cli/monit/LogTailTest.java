package dev.jpm.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void readsTheLastLinesOfABigFile() throws IOException {
        Path log = dir.resolve("big.log");
        Files.writeString(log, IntStream.range(0, 50_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        assertEquals(List.of("line 49997", "line 49998", "line 49999"), LogTail.last(log, 3));
    }

    @Test
    void smallMissingAndUnterminatedFiles() throws IOException {
        assertEquals(List.of(), LogTail.last(dir.resolve("none.log"), 5));
        Path log = dir.resolve("small.log");
        Files.writeString(log, "a\nb\nc");
        assertEquals(List.of("a", "b", "c"), LogTail.last(log, 10));
        assertEquals(List.of("c"), LogTail.last(log, 1));
        Files.writeString(log, "");
        assertEquals(List.of(), LogTail.last(log, 3));
    }

    @Test
    void makesControlCharactersHarmless() {
        assertEquals("red    tab?", LogTail.printable("\u001b[31mred\u001b[0m\ttab\u0007"));
    }
}
