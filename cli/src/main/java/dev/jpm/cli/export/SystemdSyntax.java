package dev.jpm.cli.export;

/**
 * Values written into a unit file so that systemd reads back exactly the string jpm would pass:
 * '%' starts a specifier and '$' a variable in ExecStart=, so both are doubled, and a word with
 * blanks, quotes or backslashes is double-quoted with C escapes (systemd.service(5), "Command lines").
 */
final class SystemdSyntax {
    private static final String PORT_VARIABLE = "${PORT}";

    private SystemdSyntax() {
    }

    /** One word of ExecStart=; {@code expandPort} keeps {@code ${PORT}} for systemd to replace from PORT=. */
    static String execWord(String word, boolean expandPort) {
        StringBuilder escaped = new StringBuilder();
        String[] parts = word.split(java.util.regex.Pattern.quote(PORT_VARIABLE), -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                escaped.append(expandPort ? PORT_VARIABLE : "$" + PORT_VARIABLE);
            }
            escaped.append(parts[i].replace("%", "%%").replace("$", "$$"));
        }
        String text = escaped.toString();
        return needsQuotes(text) ? quoted(text) : text;
    }

    /** An {@code Environment=} assignment, always quoted so blanks and quotes in the value survive. */
    static String environment(String name, String value) {
        return "Environment=" + quoted((name + "=" + value).replace("%", "%%"));
    }

    /** A value that is the rest of its line (WorkingDirectory=, Description=): only specifiers need escaping. */
    static String plain(String value) {
        return value.replace("%", "%%");
    }

    private static boolean needsQuotes(String text) {
        return text.isEmpty() || ";".equals(text) || text.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\');
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
