package dev.jpm.protocol.ecosystem;

import java.util.Locale;

/**
 * Sizes as ecosystem files and CLI flags write them: {@code 512K}, {@code 300M}, {@code 1G},
 * {@code 300MB} or plain bytes, case-insensitive. Units are binary (1K = 1024), as in PM2.
 */
public final class Sizes {
    private static final String FORMS = "a whole number of bytes, or one followed by K, M, G or T (512K, 300M, 1G)";
    private static final String UNITS = "BKMGT";

    private Sizes() {
    }

    /** The size in bytes; throws {@link IllegalArgumentException} naming the accepted forms. */
    public static long parseBytes(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty size: expected " + FORMS);
        }
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.length() > 2 && s.endsWith("B") && UNITS.indexOf(s.charAt(s.length() - 2)) > 0) {
            s = s.substring(0, s.length() - 1);
        }
        int power = s.isEmpty() ? -1 : UNITS.indexOf(s.charAt(s.length() - 1));
        String digits = power >= 0 ? s.substring(0, s.length() - 1).strip() : s;
        return Units.scale(text, digits, 1L << (10 * Math.max(0, power)), "size", FORMS);
    }
}
