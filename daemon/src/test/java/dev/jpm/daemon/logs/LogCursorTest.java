package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCursorTest {
    @TempDir
    Path dir;

    @Test
    void returnsTheLinesAppendedSinceTheLastPoll() throws IOException {
        Path file = Files.writeString(dir.resolve("a.log"), "old\n");
        LogCursor cursor = new LogCursor(file, Files.size(file));
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            assertEquals(List.of(), cursor.poll());

            out.write("one\r\ntwo\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("one", "two"), cursor.poll());

            out.write("three".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of(), cursor.poll(), "a line is handed out once it ends");
            out.write(" and more\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("three and more"), cursor.poll());
        }
    }

    @Test
    void aTruncatedFileIsReadFromItsStart() throws IOException {
        Path file = Files.writeString(dir.resolve("b.log"), "");
        LogCursor cursor = new LogCursor(file, 0);
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write("a fairly long first line\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("a fairly long first line"), cursor.poll());

            truncate(file);
            out.write("after\n".getBytes(StandardCharsets.UTF_8));

            assertEquals(List.of("after"), cursor.poll());
        }
    }

    @Test
    void rewindCatchesATruncationTheSizeCannotShow() throws IOException {
        Path file = Files.writeString(dir.resolve("c.log"), "");
        LogCursor cursor = new LogCursor(file, 0);
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write("short\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("short"), cursor.poll());

            truncate(file);
            out.write("longer than before\n".getBytes(StandardCharsets.UTF_8));
            cursor.rewind();

            assertEquals(List.of("longer than before"), cursor.poll());
        }
    }

    @Test
    void aFileRenamedIntoPlaceIsReadFromItsStart() throws IOException {
        Path file = Files.writeString(dir.resolve("d.log"), "first file line\n");
        LogCursor cursor = new LogCursor(file, 0);
        assertEquals(List.of("first file line"), cursor.poll());

        Path other = Files.writeString(dir.resolve("d.new"), "second file, a longer line\n");
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertEquals(List.of("second file, a longer line"), cursor.poll());
    }

    private static void truncate(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }
}
