package dev.jpm.cli.render;

import java.util.Locale;

/** Numbers as people read them in a table: 1.5s, 3m, 2h, 4d; 512b, 48.2mb. */
public final class Formats {
    private Formats() {
    }

    public static String duration(long ms) {
        if (ms <= 0) {
            return "0s";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "D";
    }

    public static String bytes(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + "b";
        }
        double kb = bytes / 1024.0;
        if (kb < 1024) {
            return String.format(Locale.ROOT, "%.1fkb", kb);
        }
        double mb = kb / 1024;
        if (mb < 1024) {
            return String.format(Locale.ROOT, "%.1fmb", mb);
        }
        return String.format(Locale.ROOT, "%.2fgb", mb / 1024);
    }

    public static String percent(Double cpu) {
        return cpu == null ? "-" : String.format(Locale.ROOT, "%.0f%%", cpu);
    }

    public static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
