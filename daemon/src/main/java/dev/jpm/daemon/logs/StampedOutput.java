package dev.jpm.daemon.logs;

import dev.jpm.daemon.Log;
import dev.jpm.protocol.ecosystem.LogDateFormat;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output of apps with {@code log_date_format}: the only output the daemon copies. The OS
 * cannot stamp lines, so such an instance writes into a named pipe in {@code JPM_HOME/logs}
 * ({@code <app>-<id>-out.<n>.pipe}) and a thread of the daemon reads it, stamps each line
 * ({@link LinePrefixer}) and appends to the file, which rotates as any other (its
 * {@link Writers} is that thread, held still by a lock instead of SIGSTOP).
 *
 * <p>Why a named pipe rather than the process's own pipe: a daemon that dies and comes back
 * (systemd restarts it within a second) finds the instances still running and their pipes still
 * on disk, and reads them again ({@link #resume}); an anonymous pipe would have gone with the
 * daemon, and the instance's output with it for the rest of its life.
 *
 * <p>While no daemon reads, a pipe without any reader would fail the instance's writes (EPIPE):
 * its lines lost, and a program that does not ignore SIGPIPE, or Java code writing to
 * {@code FileDescriptor.out} without catching the error, ended (seen: the numbered-lines fixture
 * died the moment its daemon was killed). So the instance itself holds a reading end of each of
 * its pipes, which it never reads ({@link #holdingReadEnds}): with no daemon, its writes wait in
 * the pipe, and once 64 KiB wait, the writer waits too, until the next daemon (systemd brings it
 * back within a second; else the next {@code jpm} command) reads on. No line is lost. Without
 * log_date_format none of this applies: the OS appends to the file with no daemon in the way.
 *
 * <p>The pipe is opened read-write by the daemon before the instance opens it, so that neither
 * open waits for the other, and that end is closed once the instance has its own
 * ({@link Pending#close}): from then on the reader sees end-of-file exactly when the instance and
 * every child that inherited its output have exited, after reading all they wrote. Each launch
 * gets a new pipe: a replaced process's reader drains its own pipe to the end while the new one
 * starts, and deletes it then.
 */
public final class StampedOutput {
    static final String PIPE_SUFFIX = ".pipe";
    /** A pipe holds 64 KiB on Linux; one read takes what it holds. */
    private static final int BUFFER = 64 * 1024;

    private final JpmHome home;
    private final LogHealth health;
    private final Clock clock;
    /** One per stamped file, shared by every reader writing it and by rotation; never removed (a few per app). */
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong pipes = new AtomicLong();

    StampedOutput(JpmHome home, LogHealth health, Clock clock) {
        this.home = home;
        this.health = health;
        this.clock = clock;
    }

    public StampedOutput(JpmHome home) {
        this(home, new LogHealth(), Clock.systemDefaultZone());
    }

    LogHealth health() {
        return health;
    }

    /** A pipe for one stream of an instance about to launch; close it once the process has started, or failed to. */
    public final class Pending implements AutoCloseable {
        private final Path pipe;
        private final FileChannel daemonsEnd;

        private Pending(Path pipe, FileChannel daemonsEnd) {
            this.pipe = pipe;
            this.daemonsEnd = daemonsEnd;
        }

        public ProcessBuilder.Redirect redirect() {
            return ProcessBuilder.Redirect.appendTo(pipe.toFile());
        }

        @Override
        public void close() throws IOException {
            daemonsEnd.close();
        }
    }

    /**
     * {@code command} started through sh, which first opens a reading end of each pipe on
     * descriptors 3, 4 and then execs it, so that the process (same pid) keeps them for its
     * life. The opens do not wait: the process's stdout and stderr are the pipes' writers already.
     */
    public static List<String> holdingReadEnds(List<Pending> pipes, List<String> command) {
        StringBuilder script = new StringBuilder("exec");
        for (int i = 0; i < pipes.size(); i++) {
            script.append(' ').append(3 + i).append("<\"$").append(1 + i).append('"');
        }
        script.append("; shift ").append(pipes.size()).append("; exec \"$@\"");
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "jpm-stamped"));
        pipes.forEach(p -> wrapped.add(p.pipe.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes the pipe instance {@code id}'s {@code stream} will write, and starts stamping what comes out of it into {@code file}. */
    public Pending open(String app, int id, LogStream stream, Path file, String dateFormat) throws IOException {
        Path pipe = home.logsDir().resolve(pipePrefix(app, id, stream) + clock.millis() + "-" + pipes.incrementAndGet() + PIPE_SUFFIX);
        mkfifo(pipe);
        FileChannel daemonsEnd = null;
        try {
            daemonsEnd = FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            startReading(pipe, file, dateFormat);
            return new Pending(pipe, daemonsEnd);
        } catch (IOException | RuntimeException e) {
            if (daemonsEnd != null) {
                daemonsEnd.close();
            }
            Files.deleteIfExists(pipe);
            throw e;
        }
    }

    /**
     * Reads again the pipes a previous daemon left to running instances. A pipe whose instance has
     * gone reads as empty at once, and is deleted.
     */
    void resume(List<LogSource> sources) {
        for (LogSource source : sources) {
            if (source.settings().dateFormat() == null || source.pid() == null) {
                continue;
            }
            for (LogStream stream : LogStream.values()) {
                Path file = source.file(home, stream);
                if (file == null) {
                    continue;
                }
                String prefix = pipePrefix(source.app(), source.id(), stream);
                try (DirectoryStream<Path> found = Files.newDirectoryStream(home.logsDir(), prefix + "*" + PIPE_SUFFIX)) {
                    for (Path pipe : found) {
                        if (Files.readAttributes(pipe, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                            try (FileChannel daemonsEnd = FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE,
                                    LinkOption.NOFOLLOW_LINKS)) {
                                startReading(pipe, file, source.settings().dateFormat());
                            }
                            Log.info("stamping " + file + " again from " + pipe);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    health.failed(file, "stamping", "cannot read " + source.app() + " id " + source.id() + "'s "
                            + stream.suffix() + " again: " + e.getMessage());
                }
            }
        }
    }

    /** Who writes {@code file} when the daemon stamps it: the readers, held by the file's lock; null when the OS writes it. */
    Writers writers(Path file) {
        Object lock = locks.get(file);
        if (lock == null) {
            return null;
        }
        return action -> {
            synchronized (lock) {
                action.run();
            }
        };
    }

    private static String pipePrefix(String app, int id, LogStream stream) {
        return app + "-" + id + "-" + stream.suffix() + ".";
    }

    /** Opens the reading end (the caller holds a writing end, so this does not wait) and starts its thread. */
    private void startReading(Path pipe, Path file, String dateFormat) throws IOException {
        FileChannel out = FileChannel.open(LogFiles.prepare(home, file), StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS);
        FileChannel in;
        try {
            in = FileChannel.open(pipe, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            out.close();
            throw e;
        }
        Reader reader = new Reader(pipe, in, file, out, locks.computeIfAbsent(file, f -> new Object()),
                new LinePrefixer(LogDateFormat.formatter(dateFormat), clock));
        Thread thread = new Thread(reader, "stamp " + pipe.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    private static void mkfifo(Path pipe) throws IOException {
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", pipe.toString()).redirectErrorStream(true).start();
        try {
            String said = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (mkfifo.waitFor() != 0) {
                throw new IOException("cannot make the pipe " + pipe + " that log_date_format needs: " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mkfifo.destroyForcibly();
            throw new IOException("interrupted making " + pipe);
        }
    }

    /** One pipe's reader: stamps and appends until every writer has closed it, then deletes it. It alone touches its channels. */
    private final class Reader implements Runnable {
        private final Path pipe;
        private final FileChannel in;
        private final Path file;
        private final FileChannel out;
        private final Object lock;
        private final LinePrefixer prefixer;
        private boolean failing;

        Reader(Path pipe, FileChannel in, Path file, FileChannel out, Object lock, LinePrefixer prefixer) {
            this.pipe = pipe;
            this.in = in;
            this.file = file;
            this.out = out;
            this.lock = lock;
            this.prefixer = prefixer;
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            try (in; out) {
                while (in.read(buffer.clear()) >= 0) {
                    append(prefixer.prefix(buffer.array(), buffer.position()));
                }
            } catch (IOException e) {
                Log.warn("stopped reading " + pipe + " for " + file + ": " + e.getMessage());
            } finally {
                try {
                    Files.deleteIfExists(pipe);
                } catch (IOException e) {
                    Log.warn("cannot delete " + pipe + ": " + e.getMessage());
                }
            }
        }

        /**
         * A write that fails (a full disk) drops these bytes, said once in daemon.log and in
         * describe until a write works again; reading goes on, so the instance never blocks on a
         * full pipe, and rotation, which truncates even on a full disk, frees the room.
         */
        private void append(byte[] bytes) {
            synchronized (lock) {
                try {
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    if (failing) {
                        failing = false;
                        health.fine(file);
                    }
                } catch (IOException e) {
                    failing = true;
                    health.failed(file, "stamping", "cannot append to " + file + " (" + e.getMessage()
                            + "): the instance's lines are dropped until it can");
                }
            }
        }
    }
}
