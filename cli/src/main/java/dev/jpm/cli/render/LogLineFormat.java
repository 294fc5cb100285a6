package dev.jpm.cli.render;

import dev.jpm.protocol.view.LogLine;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How {@code jpm logs} prints a line: {@code id|name|} before it, as PM2 does, the prefix in a
 * colour of its app so interleaved apps are told apart, error lines in red. Without colour an
 * error line says so in its prefix ({@code id|name|err|}), so a pipe loses no information.
 */
public final class LogLineFormat {
    private final Style style;
    private final String highlight;
    private final List<UnaryOperator<String>> palette;

    /** @param highlight text to mark wherever it appears (ignoring case), or null */
    public LogLineFormat(Style style, String highlight) {
        this.style = style;
        this.highlight = highlight == null || highlight.isEmpty() ? null : highlight;
        this.palette = List.of(style::cyan, style::green, style::yellow, style::magenta, style::blue);
    }

    public String format(LogLine line) {
        boolean err = "err".equals(line.stream());
        String prefix = line.id() + "|" + line.app() + "|";
        if (!style.enabled()) {
            return prefix + (err ? "err|" : "") + line.line();
        }
        String text = highlighted(line.line());
        return colourOf(line.app()).apply(prefix) + (err ? style.red(text) : text);
    }

    /** The same app always gets the same colour, in this run and the next. */
    private UnaryOperator<String> colourOf(String app) {
        return palette.get(Math.floorMod(app.hashCode(), palette.size()));
    }

    private String highlighted(String text) {
        if (highlight == null) {
            return text;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String wanted = highlight.toLowerCase(Locale.ROOT);
        // lower-casing can change a string's length; then mark nothing rather than the wrong span
        if (lower.length() != text.length() || wanted.length() != highlight.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = lower.indexOf(wanted); at >= 0; at = lower.indexOf(wanted, from)) {
            out.append(text, from, at).append(style.inverse(text.substring(at, at + wanted.length())));
            from = at + wanted.length();
        }
        return out.append(text.substring(from)).toString();
    }
}
