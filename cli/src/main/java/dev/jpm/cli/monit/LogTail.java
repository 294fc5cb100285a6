package dev.jpm.cli.monit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a log file, read backwards from its end in blocks so a large log costs no
 * more than a small one. Control characters (colour escapes, tabs) are made harmless for a
 * full-screen display.
 */
public final class LogTail {
    private static final int BLOCK = 8 * 1024;
    /** Never read more than this to find the lines: a log of one huge line shows its end. */
    private static final int LIMIT = 256 * 1024;

    private LogTail() {
    }

    /** Up to {@code n} last lines, oldest first; none when the file is missing or unreadable. */
    public static List<String> last(Path file, int n) {
        if (n <= 0 || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            long start = end;
            byte[] tail = new byte[0];
            while (start > 0 && end - start < LIMIT && newlines(tail) <= n) {
                int size = (int) Math.min(BLOCK, start);
                start -= size;
                byte[] block = new byte[size];
                in.seek(start);
                in.readFully(block);
                byte[] joined = new byte[block.length + tail.length];
                System.arraycopy(block, 0, joined, 0, block.length);
                System.arraycopy(tail, 0, joined, block.length, tail.length);
                tail = joined;
            }
            List<String> lines = new ArrayList<>(List.of(new String(tail, StandardCharsets.UTF_8).split("\r?\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            if (start > 0 && !lines.isEmpty() && lines.size() > n) {
                lines.remove(0); // it began mid-line
            }
            return lines.subList(Math.max(0, lines.size() - n), lines.size()).stream().map(LogTail::printable).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int newlines(byte[] bytes) {
        int count = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    static String printable(String line) {
        String noEscapes = line.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\t", "    ");
        StringBuilder out = new StringBuilder(noEscapes.length());
        noEscapes.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
