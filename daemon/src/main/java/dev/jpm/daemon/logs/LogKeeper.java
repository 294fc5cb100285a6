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
 * Every few seconds, on its own thread, rotates each log file grown past its app's
 * {@code log_max_size}, and {@code daemon.log} past the default size. Flushes run on the same
 * thread, so a flush and a rotation never truncate one file at once.
 */
public final class LogKeeper implements AutoCloseable {
    public static final long PERIOD_MS = 2_000;

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

    /** Starts the checks, first letting go of any instance a crashed daemon left stopped mid-rotation. */
    public void start() {
        thread.execute(() -> StoppedProcesses.resume(sources.get().stream()
                .map(LogSource::pid).filter(p -> p != null).toList()));
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
