package dev.jpm.daemon.metrics.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerfDataFileTest {

    /** Lays out a file as HotSpot does: prologue, then entries of header, name (NUL, padded) and a long. */
    static ByteBuffer file(ByteOrder order, Map<String, Long> longs) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        b.order(ByteOrder.BIG_ENDIAN).putInt(0, PerfDataFile.MAGIC);
        b.order(order);
        b.put(4, (byte) (order == ByteOrder.BIG_ENDIAN ? 0 : 1));
        b.put(5, (byte) 2);
        b.put(7, (byte) 1);
        b.putInt(24, PerfDataFile.PROLOGUE_SIZE);
        b.putInt(28, longs.size());
        int at = PerfDataFile.PROLOGUE_SIZE;
        // a string entry first, which the index must step over
        at = entry(b, at, "java.property.java.vm.name", (byte) 'B', "OpenJDK".getBytes(StandardCharsets.US_ASCII));
        b.putInt(28, longs.size() + 1);
        for (Map.Entry<String, Long> e : longs.entrySet()) {
            byte[] value = new byte[8];
            ByteBuffer.wrap(value).order(order).putLong(e.getValue());
            at = entry(b, at, e.getKey(), (byte) 'J', value);
        }
        return b;
    }

    private static int entry(ByteBuffer b, int at, String name, byte type, byte[] data) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        int nameOffset = 20;
        int dataOffset = (nameOffset + nameBytes.length + 1 + 7) / 8 * 8;
        int length = dataOffset + (data.length + 7) / 8 * 8;
        b.putInt(at, length);
        b.putInt(at + 4, nameOffset);
        b.putInt(at + 8, type == 'J' ? 0 : data.length);
        b.put(at + 12, type);
        b.put(at + 14, (byte) 1);
        b.put(at + 15, (byte) 3);
        b.putInt(at + 16, dataOffset);
        for (int i = 0; i < nameBytes.length; i++) {
            b.put(at + nameOffset + i, nameBytes[i]);
        }
        for (int i = 0; i < data.length; i++) {
            b.put(at + dataOffset + i, data[i]);
        }
        return at + length;
    }

    @Test
    void readsLongCountersInEitherByteOrder() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            Map<String, Long> longs = new LinkedHashMap<>();
            longs.put("java.threads.live", 17L);
            longs.put("sun.os.hrt.frequency", 1_000_000_000L);
            PerfDataFile f = new PerfDataFile(file(order, longs));
            assertTrue(f.accessible());
            assertEquals(17L, f.readLong("java.threads.live").getAsLong(), order.toString());
            assertEquals(1_000_000_000L, f.readLong("sun.os.hrt.frequency").getAsLong());
            assertTrue(f.readLong("java.property.java.vm.name").isEmpty(), "strings are not longs");
            assertTrue(f.readLong("no.such.counter").isEmpty());
        }
    }

    @Test
    void sumsGenerationsAndCollectorsLikeJstat() {
        Map<String, Long> longs = new LinkedHashMap<>();
        longs.put("sun.os.hrt.frequency", 1_000_000L);
        longs.put("java.threads.live", 9L);
        longs.put("sun.gc.generation.0.spaces", 3L);
        longs.put("sun.gc.generation.0.maxCapacity", 100L);
        for (int s = 0; s < 3; s++) {
            longs.put("sun.gc.generation.0.space." + s + ".used", 10L + s);
            longs.put("sun.gc.generation.0.space." + s + ".capacity", 20L);
        }
        longs.put("sun.gc.generation.1.spaces", 1L);
        longs.put("sun.gc.generation.1.maxCapacity", 400L);
        longs.put("sun.gc.generation.1.space.0.used", 50L);
        longs.put("sun.gc.generation.1.space.0.capacity", 80L);
        longs.put("sun.gc.collector.0.invocations", 4L);
        longs.put("sun.gc.collector.0.time", 25_000L);
        longs.put("sun.gc.collector.1.invocations", 1L);
        longs.put("sun.gc.collector.1.time", 15_000L);
        var m = HotSpotCounters.of(new PerfDataFile(file(ByteOrder.LITTLE_ENDIAN, longs))).orElseThrow().read();
        assertEquals(10 + 11 + 12 + 50, m.heapUsed());
        assertEquals(60 + 80, m.heapCommitted());
        assertEquals(500, m.heapMax());
        assertEquals(5, m.gcCount());
        assertEquals(40, m.gcTimeMs(), "40,000 ticks at 1 MHz");
        assertEquals(9, m.threads());
    }

    @Test
    void refusesWhatIsNotPerfData() {
        assertThrows(IllegalArgumentException.class, () -> new PerfDataFile(ByteBuffer.allocate(64)));
        assertThrows(IllegalArgumentException.class, () -> new PerfDataFile(ByteBuffer.allocate(4)));
    }

    @Test
    void aFileWithoutGcCountersGivesNothing() {
        Map<String, Long> longs = Map.of("java.threads.live", 3L, "sun.os.hrt.frequency", 1000L);
        assertTrue(HotSpotCounters.of(new PerfDataFile(file(ByteOrder.LITTLE_ENDIAN, longs))).isEmpty());
    }
}
