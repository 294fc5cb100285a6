package dev.jpm.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit's settings as systemd reads them: Key=Value lines, comments and sections aside, a key may repeat. */
record UnitText(String text, Map<String, List<String>> settings) {
    static UnitText parse(String text) {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("[")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            settings.computeIfAbsent(trimmed.substring(0, eq), k -> new ArrayList<>()).add(trimmed.substring(eq + 1));
        }
        return new UnitText(text, settings);
    }

    /** The one value of a key; fails when it is missing or repeated. */
    String one(String key) {
        List<String> values = settings.getOrDefault(key, List.of());
        if (values.size() != 1) {
            throw new AssertionError(key + " appears " + values.size() + " times in\n" + text);
        }
        return values.get(0);
    }

    List<String> all(String key) {
        return settings.getOrDefault(key, List.of());
    }

    /** ExecStart's words; our paths have no spaces, which the unit would quote. */
    List<String> execStart() {
        String line = one("ExecStart");
        if (line.contains("\"")) {
            throw new AssertionError("a quoted ExecStart needs a real parser: " + line);
        }
        return List.of(line.split(" "));
    }
}
