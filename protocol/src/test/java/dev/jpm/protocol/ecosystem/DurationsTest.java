package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "500ms, 500",
        "2s, 2000",
        "1m, 60000",
        "1h, 3600000",
        "0, 0",
        "1500, 1500",
        "' 3S ', 3000",
        "10 ms, 10",
        "0s, 0",
    })
    void parses(String text, long millis) {
        assertEquals(millis, Durations.parseMillis(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "1.5s", "s", "ms", "2d", "+5", "1e3", "5 sec", "0x10"})
    void refusesGarbage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(text));
        assertEquals("bad duration '" + text.strip() + "': expected a whole number of milliseconds, "
                + "or one followed by ms, s, m or h (500ms, 2s, 1m)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refusesEmpty(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(text));
        assertEquals("empty duration: expected a whole number of milliseconds, or one followed by ms, s, m or h (500ms, 2s, 1m)",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-5s"})
    void refusesNegative(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(text));
        assertEquals("duration '" + text + "' is negative", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "9223372036854775807s", "99999999999999999999h"})
    void refusesOverflow(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(text));
        assertEquals("duration '" + text + "' is too large", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void largestExactValueStillParses() {
        assertEquals(Long.MAX_VALUE, Durations.parseMillis("9223372036854775807"));
        assertEquals(Long.MAX_VALUE / 3_600_000 * 3_600_000, Durations.parseMillis(Long.MAX_VALUE / 3_600_000 + "h"));
    }
}
