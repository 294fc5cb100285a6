package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {
    @ParameterizedTest
    @CsvSource({
        "512K, 524288",
        "512k, 524288",
        "512KB, 524288",
        "300M, 314572800",
        "300MB, 314572800",
        "300mb, 314572800",
        "1G, 1073741824",
        "1gb, 1073741824",
        "2T, 2199023255552",
        "1024, 1024",
        "1024B, 1024",
        "0, 0",
        "' 10 M ', 10485760",
    })
    void parses(String text, long bytes) {
        assertEquals(bytes, Sizes.parseBytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "1.5G", "M", "MB", "KB", "B", "5BB", "5X", "1e6", "+1K", "5 megs"})
    void refusesGarbage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parseBytes(text));
        assertEquals("bad size '" + text + "': expected a whole number of bytes, or one followed by K, M, G or T (512K, 300M, 1G)",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-300M"})
    void refusesNegative(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parseBytes(text));
        assertEquals("size '" + text + "' is negative", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8388608T", "9223372036854775808", "99999999999999999999G"})
    void refusesOverflow(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parseBytes(text));
        assertEquals("size '" + text + "' is too large", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void refusesEmpty() {
        assertThrows(IllegalArgumentException.class, () -> Sizes.parseBytes(""));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parseBytes(null));
    }
}
