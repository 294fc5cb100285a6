package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.BufferedOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastLinesTest {
    @TempDir
    Path dir;

    @Test
    void readsOnlyTheEndOfAHundredMegabyteFile() throws IOException {
        Path file = dir.resolve("big.log");
        byte[] line = "0123456789 a line of a big log, about sixty bytes long......\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long written = 0; written < 100L << 20; written += line.length) {
                out.write(line);
            }
            out.write("the last line\n".getBytes(StandardCharsets.US_ASCII));
        }

        LastLines.Result tail = LastLines.last(file, 20);

        assertEquals(20, tail.lines().size());
        assertEquals("the last line", tail.lines().get(19));
        assertEquals(Files.size(file), tail.end());
        assertTrue(tail.bytesRead() <= 2L * LastLines.BLOCK, "read " + tail.bytesRead() + " bytes");
    }

    @Test
    void linesSpanningBlockBoundariesComeOutWhole() throws IOException {
        Random random = new Random(42);
        List<String> written = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            char[] body = new char[random.nextInt(3 * LastLines.BLOCK)];
            Arrays.fill(body, (char) ('a' + i % 26));
            String line = i + ":" + new String(body);
            written.add(line);
            text.append(line).append('\n');
        }
        Path file = write("blocks.log", text.toString());

        for (int count : new int[] {1, 2, 7, 50, 399, 400, 1000}) {
            List<String> expected = written.subList(Math.max(0, written.size() - count), written.size());
            assertEquals(expected, LastLines.last(file, count).lines(), "last " + count);
        }
    }

    @Test
    void aLastLineWithoutLineEndIsALine() throws IOException {
        Path file = write("partial.log", "one\ntwo\nthree");

        assertEquals(List.of("two", "three"), LastLines.last(file, 2).lines());
    }

    @Test
    void anEmptyOrMissingFileHasNoLines() throws IOException {
        Path empty = write("empty.log", "");

        assertEquals(List.of(), LastLines.last(empty, 15).lines());
        assertEquals(0, LastLines.last(empty, 15).bytesRead());
        assertEquals(List.of(), LastLines.last(dir.resolve("missing.log"), 15).lines());
    }

    @Test
    void crlfLineEndsAreDropped() throws IOException {
        Path file = write("crlf.log", "alpha\r\nbeta\r\ngamma\r\n");

        assertEquals(List.of("beta", "gamma"), LastLines.last(file, 2).lines());
    }

    @Test
    void emptyLinesCount() throws IOException {
        Path file = write("blank.log", "a\n\n\nb\n");

        assertEquals(List.of("", "", "b"), LastLines.last(file, 3).lines());
        assertEquals(List.of(""), LastLines.last(write("newline.log", "\n"), 5).lines());
    }

    @Test
    void askingForMoreLinesThanThereAreGivesThemAll() throws IOException {
        Path file = write("short.log", "x\ny\n");

        assertEquals(List.of("x", "y"), LastLines.last(file, 15).lines());
        assertEquals(List.of(), LastLines.last(file, 0).lines());
    }

    @Test
    void multiByteCharactersSurviveBlockCuts() throws IOException {
        String line = "é".repeat(LastLines.BLOCK);
        Path file = write("utf8.log", "first\n" + line + "\n" + line + "\n");

        assertEquals(List.of(line, line), LastLines.last(file, 2).lines());
    }

    @Test
    void aFileWithoutLineEndsIsReadNoFurtherThanTheScanLimit() throws IOException {
        Path file = dir.resolve("noeol.log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), LastLines.MAX_SCAN * 2);
        }

        LastLines.Result tail = LastLines.last(file, 3);

        assertEquals(1, tail.lines().size());
        assertTrue(tail.bytesRead() <= LastLines.MAX_SCAN + LastLines.BLOCK);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
