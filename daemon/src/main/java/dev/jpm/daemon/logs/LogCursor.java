package dev.jpm.daemon.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Follows one file that others append to: each {@link #poll()} returns the complete lines added
 * since the last. A file that shrank (flushed, rotated by copy-then-truncate) or was replaced by
 * another file is read again from its start.
 */
final class LogCursor {
    /** Bounds the memory of one poll; the rest comes with the next. */
    static final int MAX_CHUNK = 1 << 20;
    /** A line longer than this is handed out in pieces rather than buffered without end. */
    static final int MAX_PENDING = 64 * 1024;

    private final Path file;
    private long position;
    private Object fileKey;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean behind;

    LogCursor(Path file, long position) {
        this.file = file;
        this.position = position;
    }

    Path file() {
        return file;
    }

    /** Reads from the start at the next poll: the daemon has just truncated the file. */
    void rewind() {
        position = 0;
        pending.reset();
    }

    /** Whether the last poll left bytes unread, so the caller should poll again at once. */
    boolean behind() {
        return behind;
    }

    List<String> poll() throws IOException {
        behind = false;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            fileKey = null;
            rewind();
            return List.of();
        }
        long size = attributes.size();
        Object key = attributes.fileKey();
        if (size < position || (fileKey != null && !Objects.equals(key, fileKey))) {
            rewind();
        }
        fileKey = key;
        if (size == position) {
            return List.of();
        }
        int length = (int) Math.min(MAX_CHUNK, size - position);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
                // read on: a read may return fewer bytes than asked
            }
        }
        position += buffer.position();
        behind = position < size;
        return lines(buffer.array(), buffer.position());
    }

    private List<String> lines(byte[] bytes, int length) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                lines.add(LastLines.stripCr(pending.toString(StandardCharsets.UTF_8)));
                pending.reset();
                start = i + 1;
            }
        }
        pending.write(bytes, start, length - start);
        if (pending.size() > MAX_PENDING) {
            lines.add(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
        return lines;
    }
}
