package dev.jpm.daemon.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a file, found by reading blocks backwards from its end: a 1 GB log answers
 * as fast as a 1 KB one. {@link Result#bytesRead()} says how much was read, so a test can hold
 * it to that.
 */
public final class LastLines {
    static final int BLOCK = 8192;
    /** A file with no line ends would otherwise be read whole; past this the first line is cut. */
    static final long MAX_SCAN = 8L << 20;

    private LastLines() {
    }

    /**
     * @param lines the wanted lines, without their line ends ({@code \n} or {@code \r\n})
     * @param end   the file's size when read: where following it should go on
     */
    public record Result(List<String> lines, long end, long bytesRead) {
    }

    /** The last {@code count} lines of {@code file}; none for a missing or empty file. */
    public static Result last(Path file, int count) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return last(channel, count);
        } catch (NoSuchFileException e) {
            return new Result(List.of(), 0, 0);
        }
    }

    static Result last(FileChannel channel, int count) throws IOException {
        long size = channel.size();
        if (count <= 0 || size == 0) {
            return new Result(List.of(), size, 0);
        }
        Deque<byte[]> blocks = new ArrayDeque<>();
        long spanStart = size;
        long cut = -1;
        int found = 0;
        while (cut < 0 && spanStart > 0 && size - spanStart < MAX_SCAN) {
            int length = (int) Math.min(BLOCK, spanStart);
            byte[] block = readFully(channel, spanStart - length, length);
            blocks.addFirst(block);
            spanStart -= length;
            for (int i = length - 1; i >= 0; i--) {
                long at = spanStart + i;
                // a final line end closes the last line; it does not begin another
                if (block[i] == '\n' && at != size - 1 && ++found == count) {
                    cut = at + 1;
                    break;
                }
            }
        }
        long from = cut >= 0 ? cut : spanStart;
        byte[] span = join(blocks, (int) (size - spanStart));
        int offset = (int) (from - spanStart);
        String text = new String(span, offset, span.length - offset, StandardCharsets.UTF_8);
        return new Result(split(text), size, size - spanStart);
    }

    private static List<String> split(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            lines.add(stripCr(line));
        }
        return lines;
    }

    static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.array();
    }

    private static byte[] join(Deque<byte[]> blocks, int length) {
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] block : blocks) {
            System.arraycopy(block, 0, all, at, block.length);
            at += block.length;
        }
        return all;
    }
}
