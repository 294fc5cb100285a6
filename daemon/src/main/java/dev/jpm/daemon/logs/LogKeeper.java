package dev.jpm.daemon.logs;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.Log;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * On its own thread, rotates each log file grown past its app's {@code log_max_size}, and
 * {@code daemon.log} past the default size. It checks when a file in a log folder changed
 * ({@link LogFolderWatch}), at most once a second, so that nothing runs while the apps are quiet;
 * every second where a folder cannot be watched. Flushes run on the same thread, so a flush and
 * a rotation never truncate one file at once.
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
    private final LogHealth health;
    private final StampedOutput stamped;
    private final LogFolderWatch watch;
    private final AtomicLong checks = new AtomicLong();
    /** A check is scheduled and has not begun: changes meanwhile need no other. */
    private final AtomicBoolean checkPending = new AtomicBoolean();
    /** When the last check began, by System.nanoTime: written by the log-keeper thread, read by the log-watch thread too. */
    private volatile long lastCheckNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);

    /** @param sources every instance, asked anew at each check */
    LogKeeper(JpmHome home, Supplier<List<LogSource>> sources, Truncations truncations, LogHealth health) {
        this(home, sources, truncations, health, new StampedOutput(home, health, Clock.systemDefaultZone()));
    }

    LogKeeper(JpmHome home, Supplier<List<LogSource>> sources, Truncations truncations, LogHealth health, StampedOutput stamped) {
        this(home, sources, truncations, health, stamped, false);
    }

    /** A keeper that checks when the files change, the daemon's; the others are driven by {@link #checkOnce}. */
    static LogKeeper watching(JpmHome home, Supplier<List<LogSource>> sources, Truncations truncations, LogHealth health,
            StampedOutput stamped) {
        return new LogKeeper(home, sources, truncations, health, stamped, true);
    }

    private LogKeeper(JpmHome home, Supplier<List<LogSource>> sources, Truncations truncations, LogHealth health,
            StampedOutput stamped, boolean watching) {
        this.stamped = stamped;
        this.home = home;
        this.sources = sources;
        this.truncations = truncations;
        this.health = health;
        this.rotator = new Rotator(truncations);
        this.watch = watching ? LogFolderWatch.start(this::changed) : LogFolderWatch.none();
    }

    /**
     * Starts the checks, first cleaning up after a daemon that died mid-rotation: instances it
     * left stopped are let go, the pipes of apps with log_date_format are read again, and the
     * archives it left are kept or deleted ({@link Rotator#finishInterrupted}).
     */
    public void start() {
        thread.execute(() -> StoppedProcesses.resume(sources.get().stream()
                .map(LogSource::pid).filter(p -> p != null).toList()));
        thread.execute(() -> stamped.resume(sources.get()));
        thread.execute(this::finishInterruptedRotations);
        changed();
    }

    /**
     * Something in a log folder changed (from the log-watch thread), or the keeper must poll: one
     * check, a period after the last began at the earliest, however many changes come meanwhile.
     */
    private void changed() {
        if (checkPending.compareAndSet(false, true)) {
            long sinceLast = System.nanoTime() - lastCheckNanos;
            long wait = Math.max(0, TimeUnit.MILLISECONDS.toNanos(PERIOD_MS) - sinceLast);
            try {
                thread.schedule(this::watchAndCheck, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // closed
            }
        }
    }

    /**
     * Watches the folders again first, then checks: a write after the watch is seen by the next
     * check, one before it by this. Polls on where a folder cannot be watched.
     */
    private void watchAndCheck() {
        checkPending.set(false);
        lastCheckNanos = System.nanoTime();
        boolean watched = false;
        try {
            Map<Path, KeptFile> kept = keptFiles();
            Set<Path> folders = new LinkedHashSet<>();
            kept.keySet().forEach(file -> folders.add(file.getParent()));
            folders.add(home.logsDir());
            folders.add(home.daemonLog().getParent());
            watched = watch.watch(folders);
        } catch (Throwable e) {
            Log.error("cannot watch the log folders", e);
        }
        checkOnce();
        if (!watched) {
            changed();
        }
    }

    /** The checks made so far, for tests that tell a watching keeper from a polling one. */
    long checks() {
        return checks.get();
    }

    /**
     * One check of every file. Nothing may escape it: a polling keeper schedules its next check
     * after this one, so a throw would end the checks, silently.
     */
    void checkOnce() {
        checks.incrementAndGet();
        try {
            keptFiles().forEach((file, kept) -> rotateIfLarge(file, kept.settings(), kept.writers(stamped.writers(file))));
            health.fine(home.logsDir());
        } catch (Throwable e) {
            health.failed(home.logsDir(), "log rotation", "cannot rotate the instances' logs: " + e);
        }
        // the daemon writes its log only through Log, which holds back every line meanwhile
        rotateIfLarge(home.daemonLog(), LogSettings.DEFAULTS, action -> Log.whileNoLineIsWritten(action::run));
    }

    /**
     * Every file the instances append to, once each, with every process that appends to it: the
     * instances of an app whose out_file has no {@code ${INSTANCE_ID}} share one, and so may an
     * app's out and err. A discarded stream has no file. A source whose files cannot even be
     * named is its own problem, recorded under the name jpm would have given it.
     */
    private Map<Path, KeptFile> keptFiles() {
        Map<Path, KeptFile> files = new LinkedHashMap<>();
        for (LogSource source : sources.get()) {
            for (LogStream stream : LogStream.values()) {
                try {
                    Path file = source.file(home, stream);
                    if (file != null) {
                        files.computeIfAbsent(file, f -> new KeptFile(source.settings(), new ArrayList<>())).pids().add(source.pid());
                    }
                } catch (RuntimeException e) {
                    health.failed(home.logFile(source.app(), source.id(), stream), "log rotation",
                            "cannot name the log file of " + source.app() + " id " + source.id() + ": " + e);
                }
            }
        }
        return files;
    }

    /** One file, its rotation settings and the pids of the running instances writing it. */
    private record KeptFile(LogSettings settings, List<Long> pids) {
        /** The daemon's readers when it stamps the file ({@code stamping} not null), else the instances' processes. */
        Writers writers(Writers stamping) {
            if (stamping != null) {
                return stamping;
            }
            return Writers.allOf(pids.stream().filter(Objects::nonNull).<Writers>map(StoppedProcesses::new).toList());
        }
    }

    void finishInterruptedRotations() {
        Map<Path, KeptFile> kept = keptFiles();
        for (Path file : kept.keySet()) {
            // a file outside the home: its own folder is not scanned, which may hold others' files
            if (!file.getParent().equals(home.logsDir()) && Files.exists(Rotator.committed(file), LinkOption.NOFOLLOW_LINKS)) {
                try {
                    LogFiles.requireSafe(home, file);
                    Log.info("finishing the rotation of " + file + " that a previous daemon left half done");
                    rotator.finishInterrupted(file, kept.get(file).settings().retain());
                } catch (IOException | RuntimeException e) {
                    Log.warn("cannot finish an interrupted rotation of " + file + ": " + e.getMessage());
                }
            }
        }
        List<Path> folders = List.of(home.logsDir(), home.daemonLog().getParent());
        for (Path folder : folders) {
            try (var files = Files.newDirectoryStream(folder, "*" + Rotator.COMMITTED_SUFFIX)) {
                for (Path committed : files) {
                    String name = committed.getFileName().toString();
                    Path file = committed.resolveSibling(name.substring(0, name.length() - Rotator.COMMITTED_SUFFIX.length()));
                    Log.info("finishing the rotation of " + file + " that a previous daemon left half done");
                    rotator.finishInterrupted(file, retainOf(file));
                }
            } catch (IOException | RuntimeException e) {
                Log.warn("cannot finish an interrupted rotation in " + folder + ": " + e.getMessage());
            }
        }
    }

    private int retainOf(Path file) {
        KeptFile kept = keptFiles().get(file);
        return kept == null ? LogSettings.DEFAULTS.retain() : kept.settings().retain();
    }

    /**
     * Checks the file is safe every time (an lstat a second) and rotates it past its maximum. A
     * failure, repeated each second until it is fixed, reaches daemon.log once ({@link LogHealth}).
     * Whatever is thrown is this file's problem, so that it neither skips the files after it nor
     * ends the checks.
     */
    private void rotateIfLarge(Path file, LogSettings settings, Writers writers) {
        try {
            if (file.equals(home.daemonLog())) {
                PathSafety.requireSafeFile(file);
            } else {
                LogFiles.requireSafe(home, file);
            }
            if (Files.size(file) > settings.maxSizeBytes()) {
                long dropped = rotator.rotate(file, settings.retain(), writers);
                if (dropped > 0) {
                    health.dropped(file, dropped);
                }
            }
            health.fine(file);
        } catch (NoSuchFileException e) {
            // not written yet
        } catch (PathSafety.UnsafePathException e) {
            health.failed(file, "not rotating", e.getMessage());
        } catch (IOException e) {
            health.failed(file, "log rotation", "cannot rotate " + file + ": " + e.getMessage());
        } catch (Throwable e) {
            health.failed(file, "log rotation", "cannot rotate " + file + ": " + e);
        }
    }

    /**
     * Empties the instances' log files; the writers go on appending at the new end. Returns the
     * files. Every file is checked before any is emptied, so an unsafe one refuses the whole flush.
     */
    public CompletableFuture<List<String>> flush(List<LogSource> targets) {
        return CompletableFuture.supplyAsync(() -> {
            Set<Path> files = new LinkedHashSet<>();
            for (LogSource source : targets) {
                for (LogStream stream : LogStream.values()) {
                    Path file = source.file(home, stream);
                    if (file != null) {
                        files.add(file);
                    }
                }
            }
            for (Path file : files) {
                requireSafe(file, "not emptying");
            }
            List<String> flushed = new ArrayList<>();
            for (Path file : files) {
                if (truncate(file)) {
                    flushed.add(file.toString());
                }
            }
            return flushed;
        }, thread);
    }

    /** Refuses, with a daemon.log warning and the request's error naming the path, a file that is not safe. */
    private void requireSafe(Path file, String refusal) {
        try {
            LogFiles.requireSafe(home, file);
        } catch (PathSafety.UnsafePathException e) {
            health.failed(file, refusal, e.getMessage());
            throw new JpmException(ErrorCode.UNSAFE_PATH, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + file, e);
        }
    }

    private boolean truncate(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            channel.truncate(0);
            truncations.truncated(file);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + file, e);
        }
    }

    @Override
    public void close() {
        watch.close();
        thread.shutdownNow();
    }
}
