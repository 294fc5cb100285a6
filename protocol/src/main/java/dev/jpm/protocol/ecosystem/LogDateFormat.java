package dev.jpm.protocol.ecosystem;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code log_date_format}: a Java {@link DateTimeFormatter} pattern, not PM2's moment.js one.
 * The two look alike and differ where it hurts: moment's {@code YYYY-MM-DD} is the year and the
 * day of the month, Java's is the week-based year and the day of the year, which prints
 * "2026-12-358" on 24 December and the wrong year in the last days of December. So a pattern
 * with an unquoted {@code Y} or {@code D} is refused, with the Java spelling suggested.
 */
public final class LogDateFormat {
    private LogDateFormat() {
    }

    /** The formatter for a pattern the reader has accepted, in the daemon's time zone. */
    public static DateTimeFormatter formatter(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneId.systemDefault());
    }

    static String check(String pattern, Node node, ValueReader values) throws EcosystemException {
        if (pattern.isBlank()) {
            throw values.error(node, "log_date_format", "is empty; leave the key out for no prefix");
        }
        if (hasUnquoted(pattern, "YD")) {
            throw values.error(node, "log_date_format", "'" + pattern + "' looks like PM2's moment.js format; jpm takes a Java"
                    + " DateTimeFormatter pattern, where Y is the week-based year and D the day of the year: write '"
                    + pattern.replace('Y', 'y').replace('D', 'd') + "'");
        }
        String sample;
        try {
            sample = formatter(pattern).format(Instant.EPOCH);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw values.error(node, "log_date_format", "is not a Java DateTimeFormatter pattern (" + e.getMessage()
                    + "), e.g. 'yyyy-MM-dd HH:mm:ss.SSS'");
        }
        if (sample.indexOf('\n') >= 0 || sample.indexOf('\r') >= 0) {
            throw values.error(node, "log_date_format", "must not print a line break: each stamp begins a line");
        }
        return pattern;
    }

    /** True when a letter of {@code letters} appears outside the pattern's quoted text. */
    private static boolean hasUnquoted(String pattern, String letters) {
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && letters.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }
}
