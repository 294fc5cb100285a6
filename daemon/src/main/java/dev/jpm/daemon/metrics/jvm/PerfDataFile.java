package dev.jpm.daemon.metrics.jvm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A HotSpot performance-data file ({@code hsperfdata_<user>/<pid>}), the memory the JVM shares
 * with jstat. It starts with a prologue (magic {@code 0xcafec0c0}, byte order, version,
 * accessible flag, entry offset and count) followed by entries, each a header, a NUL-terminated
 * name and its data. The JVM only appends entries, so the name index is built once and rebuilt
 * when the entry count grows; a read then costs one {@code getLong} per counter.
 */
public final class PerfDataFile {
    static final int MAGIC = 0xcafec0c0;
    static final int PROLOGUE_SIZE = 32;
    private static final int BYTE_ORDER = 4;
    private static final int MAJOR_VERSION = 5;
    private static final int ACCESSIBLE = 7;
    private static final int ENTRY_OFFSET = 24;
    private static final int NUM_ENTRIES = 28;
    /** Entry header: length, name offset, vector length, type, flags, units, variability, data offset. */
    private static final int ENTRY_HEADER_SIZE = 20;
    private static final byte TYPE_LONG = 'J';
    private static final byte TYPE_BYTE = 'B';

    private final ByteBuffer buffer;
    private final Map<String, Integer> longOffsets = new HashMap<>();
    /** Byte vectors (strings): offset and, in the high half, length. */
    private final Map<String, Long> byteVectors = new HashMap<>();
    private int indexedEntries = -1;

    PerfDataFile(ByteBuffer buffer) {
        this.buffer = buffer.duplicate();
        if (this.buffer.capacity() < PROLOGUE_SIZE || this.buffer.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a HotSpot performance-data file (bad magic)");
        }
        byte order = this.buffer.get(BYTE_ORDER);
        this.buffer.order(order == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int major = this.buffer.get(MAJOR_VERSION);
        if (major != 2) {
            throw new IllegalArgumentException("unsupported performance-data version " + major);
        }
    }

    /** Maps the file read-only; the mapping stays valid after the JVM deletes the file at exit. */
    public static PerfDataFile open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return new PerfDataFile(map);
        }
    }

    /** False while the JVM is still setting the file up. */
    public boolean accessible() {
        return buffer.get(ACCESSIBLE) != 0;
    }

    /** The current value of a long counter, or empty when the JVM publishes none by that name. */
    public OptionalLong readLong(String name) {
        Integer offset = offsetOf(name);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(buffer.getLong(offset));
    }

    /** Where a long counter's value lives, for callers that read it again and again; null when absent. */
    Integer offsetOf(String name) {
        int entries = buffer.getInt(NUM_ENTRIES);
        if (entries != indexedEntries) {
            index(entries);
        }
        return longOffsets.get(name);
    }

    /** A string counter (a NUL-terminated byte vector), or null when absent. */
    public String readString(String name) {
        offsetOf(name);
        Long where = byteVectors.get(name);
        if (where == null) {
            return null;
        }
        int offset = (int) (long) where;
        return name(offset, offset + (int) (where >>> 32));
    }

    long longAt(int offset) {
        return buffer.getLong(offset);
    }

    private void index(int entries) {
        longOffsets.clear();
        byteVectors.clear();
        int start = buffer.getInt(ENTRY_OFFSET);
        for (int n = 0; n < entries; n++) {
            if (start < PROLOGUE_SIZE || start + ENTRY_HEADER_SIZE > buffer.capacity()) {
                break;
            }
            int length = buffer.getInt(start);
            int nameOffset = buffer.getInt(start + 4);
            int vectorLength = buffer.getInt(start + 8);
            byte type = buffer.get(start + 12);
            int dataOffset = buffer.getInt(start + 16);
            if (length <= 0 || start + length > buffer.capacity()) {
                break;
            }
            if (type == TYPE_LONG && vectorLength == 0 && dataOffset + 8 <= length) {
                longOffsets.put(name(start + nameOffset, start + length), start + dataOffset);
            } else if (type == TYPE_BYTE && vectorLength > 0 && dataOffset + vectorLength <= length) {
                byteVectors.put(name(start + nameOffset, start + length), ((long) vectorLength << 32) | (start + dataOffset));
            }
            start += length;
        }
        indexedEntries = entries;
    }

    private String name(int from, int limit) {
        int end = from;
        while (end < limit && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - from];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = buffer.get(from + i);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
