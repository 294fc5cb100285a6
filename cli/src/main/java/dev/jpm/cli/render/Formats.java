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

    /** Requests per second: 0.4, 12, 1.3k; one decimal where it still says something. */
    public static String rate(Double perSecond) {
        if (perSecond == null) {
            return "-";
        }
        if (perSecond < 10) {
            return perSecond == 0 ? "0" : String.format(Locale.ROOT, "%.1f", perSecond);
        }
        if (perSecond < 1000) {
            return String.format(Locale.ROOT, "%.0f", perSecond);
        }
        return String.format(Locale.ROOT, "%.1fk", perSecond / 1000);
    }

    /** A latency in milliseconds: 0.8ms, 12ms, 1.2s; null (no request yet) is a dash. */
    public static String latency(Double ms) {
        if (ms == null) {
            return "-";
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1fms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0fms", ms);
        }
        return String.format(Locale.ROOT, "%.1fs", ms / 1000);
    }

    public static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
