package dev.jpm.daemon.logs;

import dev.jpm.daemon.Log;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is wrong with each log file now, and how many of its bytes a full disk made rotation
 * drop: for {@code describe}, and for daemon.log, where a problem is written once when it begins
 * and once when it ends, not at every check a second. Written by the log keeper's thread and by
 * log streams, read by describe requests: concurrent maps, each entry replaced whole.
 */
final class LogHealth {
    private final Map<Path, String> problems = new ConcurrentHashMap<>();
    private final Map<Path, Long> dropped = new ConcurrentHashMap<>();

    /**
     * Records a problem with {@code file}; daemon.log hears of it only when it is new, whichever
     * of rotation, flush or a stream ({@code refusal}: what was not done) runs into it.
     */
    void failed(Path file, String refusal, String problem) {
        if (!problem.equals(problems.put(file, problem))) {
            Log.warn(refusal + ": " + problem);
        }
    }

    /** {@code file} was checked, or rotated, fine: the end of its problem, if it had one. */
    void fine(Path file) {
        String ended = problems.remove(file);
        if (ended != null) {
            Log.info("resolved for " + file + ": " + ended);
        }
    }

    void dropped(Path file, long bytes) {
        long total = dropped.merge(file, bytes, Long::sum);
        Log.warn("the disk is full: dropped " + bytes + " bytes of " + file + " (" + total + " since the daemon started)"
                + " that not even a compressed archive had room for, so that the disk frees and new lines are kept");
    }

    String problem(Path file) {
        return problems.get(file);
    }

    long droppedBytes(Path file) {
        return dropped.getOrDefault(file, 0L);
    }
}
