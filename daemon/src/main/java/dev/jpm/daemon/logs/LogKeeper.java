package dev.jpm.daemon.logs;

import dev.jpm.daemon.Log;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every second, on its own thread, rotates each log file grown past its app's
 * {@code log_max_size}, and {@code daemon.log} past the default size. Flushes run on the same
 * thread, so a flush and a rotation never truncate one file at once.
 */
public final class LogKeeper implements AutoCloseable {
    /** A fast writer overshoots log_max_size by about what it writes in this time. */
    public static final long PERIOD_MS = 1_000;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "log-keeper");
        t.setDaemon(true);
        return t;
    });
    private final JpmHome home;
    private final Supplier<List<LogSource>> sources;
    private final Rotator rotator;
    private final Truncations truncations;

    /** @param sources every instance, asked anew at each check */
    public LogKeeper(JpmHome home, Supplier<List<LogSource>> sources, Truncations truncations) {
        this.home = home;
        this.sources = sources;
        this.truncations = truncations;
        this.rotator = new Rotator(truncations);
    }

    /**
     * Starts the checks, first cleaning up after a daemon that died mid-rotation: instances it
     * left stopped are let go, and copies it staged become archives.
     */
    public void start() {
        thread.execute(() -> StoppedProcesses.resume(sources.get().stream()
                .map(LogSource::pid).filter(p -> p != null).toList()));
        thread.execute(this::finishInterruptedRotations);
        thread.scheduleWithFixedDelay(this::checkOnce, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    void checkOnce() {
        try {
            for (LogSource source : sources.get()) {
                Writers writers = source.pid() == null ? Writers.NONE : new StoppedProcesses(source.pid());
                for (LogStream stream : LogStream.values()) {
                    rotateIfLarge(source.file(home, stream), source.settings(), writers);
                }
            }
            // the daemon writes its log only through Log, whose methods hold this same lock
            rotateIfLarge(home.daemonLog(), LogSettings.DEFAULTS, action -> {
                synchronized (Log.class) {
                    action.run();
                }
            });
        } catch (RuntimeException e) {
            Log.error("log rotation failed", e);
        }
    }

    void finishInterruptedRotations() {
        List<Path> folders = List.of(home.logsDir(), home.daemonLog().getParent());
        for (Path folder : folders) {
            try (var files = Files.newDirectoryStream(folder, "*" + Rotator.STAGED_SUFFIX)) {
                for (Path staged : files) {
                    String name = staged.getFileName().toString();
                    Path file = staged.resolveSibling(name.substring(0, name.length() - Rotator.STAGED_SUFFIX.length()));
                    Log.info("finishing the rotation of " + file + " that a previous daemon left half done");
                    rotator.finishStaged(file, retainOf(file));
                }
            } catch (IOException | RuntimeException e) {
                Log.warn("cannot finish an interrupted rotation in " + folder + ": " + e.getMessage());
            }
        }
    }

    private int retainOf(Path file) {
        for (LogSource source : sources.get()) {
            for (LogStream stream : LogStream.values()) {
                if (source.file(home, stream).equals(file)) {
                    return source.settings().retain();
                }
            }
        }
        return LogSettings.DEFAULTS.retain();
    }

    private void rotateIfLarge(Path file, LogSettings settings, Writers writers) {
        try {
            if (Files.size(file) > settings.maxSizeBytes()) {
                rotator.rotate(file, settings.retain(), writers);
            }
        } catch (NoSuchFileException e) {
            // not written yet
        } catch (IOException e) {
            Log.warn("cannot rotate " + file + ": " + e.getMessage());
        }
    }

    /** Empties the instances' log files; the writers go on appending at the new end. Returns the files. */
    public CompletableFuture<List<String>> flush(List<LogSource> targets) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> flushed = new ArrayList<>();
            for (LogSource source : targets) {
                for (LogStream stream : LogStream.values()) {
                    Path file = source.file(home, stream);
                    if (truncate(file)) {
                        flushed.add(file.toString());
                    }
                }
            }
            return flushed;
        }, thread);
    }

    private boolean truncate(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            truncations.truncated(file);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot empty " + file, e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
