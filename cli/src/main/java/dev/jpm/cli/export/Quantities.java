package dev.jpm.cli.export;

/** Durations and sizes written the way the targets read them, in the largest whole unit. */
final class Quantities {
    private static final long KIB = 1024;

    private Quantities() {
    }

    /** {@code 5s}, {@code 500ms}, {@code 2m}: read alike by Go (Compose) and systemd. */
    static String duration(long ms) {
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }

    /** Whole seconds, rounded up: Kubernetes counts in seconds and a shorter wait than asked would cut a stop short. */
    static long seconds(long ms) {
        return (ms + 999) / 1_000;
    }

    /**
     * A byte count with a 1024-based suffix when it divides evenly: {@code units} is the suffix
     * spelling of the target, e.g. {@code {"K","M","G"}} for systemd, {@code {"Ki","Mi","Gi"}} for Kubernetes.
     */
    static String bytes(long bytes, String... units) {
        long value = bytes;
        String unit = "";
        for (String next : units) {
            if (value == 0 || value % KIB != 0) {
                break;
            }
            value /= KIB;
            unit = next;
        }
        return value + unit;
    }
}
