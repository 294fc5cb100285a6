package dev.jpm.daemon.logs;

import dev.jpm.daemon.Log;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tells the log keeper that something in a log folder changed, so that an idle daemon checks no
 * file sizes at all (issue 13: at 1 instance, the one-second size check was half of what the idle
 * daemon cost). It is inotify underneath (the JDK's Linux WatchService), which wakes its own thread
 * only when there is something to read.
 *
 * <p>A folder's watch is cancelled at its first event and set up again by the next check, which
 * comes at most once a keeper period: a chatty app writes thousands of times a second, and a watch
 * left in place would wake the JDK's thread for every batch of them. Whatever is written between
 * the cancel and the next {@link #watch} is seen by that check, which reads the sizes after it.
 *
 * <p>inotify has per-user limits (128 instances, some thousands of watches by default), which
 * other tools on a developer's machine may have used up. A folder that cannot be watched, or a
 * daemon with no watch service at all, is reported by {@link #watch} returning false: the keeper
 * then checks every period, as it did before there was a watch.
 *
 * <p>Threads: {@link #watch} is called by the log-keeper thread only, which owns {@link #keys};
 * the "log-watch" thread only takes keys, cancels them (thread-safe in the JDK) and calls back.
 */
final class LogFolderWatch implements AutoCloseable {
    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Map<Path, String> unwatchable = new HashMap<>();

    private LogFolderWatch(WatchService service) {
        this.service = service;
    }

    /** A watch that calls {@code changed} from its own thread; one that never calls it when inotify cannot be had. */
    static LogFolderWatch start(Runnable changed) {
        WatchService service;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            Log.warn("log files are checked every second, not when written: no file watch (" + e.getMessage() + ")");
            return new LogFolderWatch(null);
        }
        LogFolderWatch watch = new LogFolderWatch(service);
        Thread thread = new Thread(() -> watch.deliver(changed), "log-watch");
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    /** An inert watch, for a keeper driven by hand (tests) or checking every period. */
    static LogFolderWatch none() {
        return new LogFolderWatch(null);
    }

    private void deliver(Runnable changed) {
        try {
            while (true) {
                WatchKey key = service.take();
                key.cancel();
                key.pollEvents();
                changed.run();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed with the keeper
        } catch (RuntimeException e) {
            // what the keeper does with a change never throws (it schedules); this is the JDK's own failure
            Log.error("log-watch stopped; log files are checked when the keeper next runs", e);
        }
    }

    /**
     * Watches exactly {@code folders} from now on (again where a change cancelled the watch, no
     * longer where no log file lives). Returns false when one of them cannot be watched, so the
     * caller must poll.
     */
    boolean watch(Set<Path> folders) {
        if (service == null) {
            return false;
        }
        keys.entrySet().removeIf(entry -> {
            if (!folders.contains(entry.getKey())) {
                entry.getValue().cancel();
                return true;
            }
            return false;
        });
        unwatchable.keySet().retainAll(folders);
        boolean all = true;
        for (Path folder : folders) {
            WatchKey key = keys.get(folder);
            if (key != null && key.isValid()) {
                continue;
            }
            try {
                keys.put(folder, folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                if (unwatchable.remove(folder) != null) {
                    Log.info("log files in " + folder + " are checked when written again");
                }
            } catch (IOException | RuntimeException e) {
                keys.remove(folder);
                all = false;
                // once per folder and reason: a missing folder is retried every period, quietly
                String reason = String.valueOf(e.getMessage());
                if (!reason.equals(unwatchable.put(folder, reason))) {
                    Log.warn("log files in " + folder + " are checked every second, not when written: cannot watch it ("
                            + reason + ")");
                }
            }
        }
        return all;
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // nothing left to watch either way
            }
        }
    }
}
