package dev.jpm.daemon.jvm;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kinds of file in an app's dumps folder, each recognised by its whole name so that
 * retention never counts, or deletes, a file it did not expect there. jpm names its own
 * {@code <kind>-<instance id>-<yyyyMMdd-HHmmss>[-n].<ext>}; the JVM names its OutOfMemoryError
 * dump {@code java_pid<pid>.hprof} (and {@code .hprof.1}... when one is there already), which
 * counts as a heap dump.
 */
enum DumpKind {
    THREADDUMP("threaddump", "txt"),
    HEAPDUMP("heapdump", "hprof"),
    JFR("jfr", "jfr");

    private static final Pattern OOM_DUMP = Pattern.compile("java_pid\\d+\\.hprof(\\.\\d+)?");

    private final String prefix;
    private final String extension;
    private final Pattern ours;

    DumpKind(String prefix, String extension) {
        this.prefix = prefix;
        this.extension = extension;
        this.ours = Pattern.compile(Pattern.quote(prefix) + "-\\d+-\\d{8}-\\d{6}(-\\d+)?\\." + Pattern.quote(extension));
    }

    String prefix() {
        return prefix;
    }

    String extension() {
        return extension;
    }

    /** The kind of a file name, or empty for a name that is none of them. */
    static Optional<DumpKind> of(String fileName) {
        for (DumpKind kind : values()) {
            if (kind.ours.matcher(fileName).matches()) {
                return Optional.of(kind);
            }
        }
        return OOM_DUMP.matcher(fileName).matches() ? Optional.of(HEAPDUMP) : Optional.empty();
    }

    String wireName() {
        return prefix;
    }
}
