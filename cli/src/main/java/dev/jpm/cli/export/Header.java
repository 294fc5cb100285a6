package dev.jpm.cli.export;

import java.util.ArrayList;
import java.util.List;

/**
 * The comment at the top of every exported file: where it came from, the choices made for the user
 * (notes), and the keys that are not carried over. Notes and lost keys also go to stderr, so a
 * user who only reads the terminal hears of them too.
 */
final class Header {
    private Header() {
    }

    static List<String> lines(String title, List<String> notes, NotCarried notCarried) {
        List<String> lines = new ArrayList<>();
        lines.add(title);
        if (!notes.isEmpty()) {
            lines.add("Notes:");
            notes.forEach(note -> lines.add("  " + note));
        }
        lines.addAll(notCarried.commentLines());
        return lines;
    }

    static List<String> warnings(List<String> notes, NotCarried notCarried) {
        List<String> warnings = new ArrayList<>(notes);
        warnings.addAll(notCarried.warnings());
        return warnings;
    }
}
