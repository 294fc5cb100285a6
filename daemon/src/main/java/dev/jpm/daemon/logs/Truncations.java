package dev.jpm.daemon.logs;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, per file, the truncations the daemon itself made (rotation, flush). A follower that sees
 * the count move reads the file again from its start. Watching the size alone is not enough: a
 * busy file can grow past the follower's position again between two of its looks.
 */
public final class Truncations {
    private final Map<Path, AtomicLong> counts = new ConcurrentHashMap<>();

    void truncated(Path file) {
        counts.computeIfAbsent(file, f -> new AtomicLong()).incrementAndGet();
    }

    long count(Path file) {
        AtomicLong count = counts.get(file);
        return count == null ? 0 : count.get();
    }
}
