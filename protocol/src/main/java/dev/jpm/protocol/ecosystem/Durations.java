package dev.jpm.protocol.ecosystem;

import java.util.Locale;

/** Durations as ecosystem files and CLI flags write them: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or plain milliseconds. */
public final class Durations {
    private static final String FORMS = "a whole number of milliseconds, or one followed by ms, s, m or h (500ms, 2s, 1m)";

    private Durations() {
    }

    /** The duration in milliseconds; throws {@link IllegalArgumentException} naming the accepted forms. */
    public static long parseMillis(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration: expected " + FORMS);
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        long unit;
        String digits;
        if (s.endsWith("ms")) {
            unit = 1;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unit = 1_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unit = 3_600_000;
            digits = s.substring(0, s.length() - 1);
        } else {
            unit = 1;
            digits = s;
        }
        return Units.scale(text, digits.strip(), unit, "duration", FORMS);
    }
}
