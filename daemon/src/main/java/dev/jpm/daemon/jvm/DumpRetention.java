package dev.jpm.daemon.jvm;

import dev.jpm.daemon.Log;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.view.DumpView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keeps an app's dumps folder bounded: at most {@code dump_retain} files of each kind (heap dumps
 * with the JVM's OutOfMemoryError dumps, thread dumps, recordings), the oldest deleted first, so
 * that a crash loop writing a heap dump per crash cannot fill the disk. Called after every dump
 * jpm takes, and after an instance exits (a JVM's own OOM dump is new then).
 *
 * <p>Any thread may call it; two at once may both try one file, and the second finds it gone.
 */
public final class DumpRetention {
    private DumpRetention() {
    }

    /** Trims the app's folder to {@code retain} per kind; answers with what it deleted. Never fails the caller. */
    public static List<Path> trim(JpmHome home, String app, int retain) {
        try {
            return trim(DumpFolder.list(home, app), retain);
        } catch (IOException e) {
            Log.warn("dumps of " + app + " not trimmed: " + e.getMessage());
            return List.of();
        }
    }

    /** {@code newestFirst} as {@link DumpFolder#list} gives it; a file unsafe to delete (a link, another's) is left and logged. */
    static List<Path> trim(List<DumpView> newestFirst, int retain) {
        Map<String, List<DumpView>> byKind = newestFirst.stream()
                .collect(Collectors.groupingBy(DumpView::kind, java.util.LinkedHashMap::new, Collectors.toList()));
        List<Path> deleted = new ArrayList<>();
        for (List<DumpView> ofKind : byKind.values()) {
            for (DumpView old : ofKind.subList(Math.min(retain, ofKind.size()), ofKind.size())) {
                Path file = Path.of(old.file());
                try {
                    PathSafety.requireSafeFile(file);
                    if (Files.deleteIfExists(file)) {
                        deleted.add(file);
                    }
                } catch (IOException e) {
                    Log.warn("old dump not deleted: " + e.getMessage());
                }
            }
        }
        if (!deleted.isEmpty()) {
            Log.info("dump_retain " + retain + ": deleted " + deleted);
        }
        return deleted;
    }
}
