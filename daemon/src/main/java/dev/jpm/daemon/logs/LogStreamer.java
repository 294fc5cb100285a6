package dev.jpm.daemon.logs;

import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.view.LogLine;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code logs}: the last lines of each matching instance's files, then (when following)
 * every new line, until the client goes away.
 *
 * <p>This runs in the daemon, not the CLI, because the daemon knows the instances: every second
 * it asks the supervisor again which instances the target means, so an instance scaled up or
 * started while {@code jpm logs} runs joins the stream. Each file is polled, not watched: a
 * stat call per file every {@value #POLL_MS} ms costs nothing, and it also sees truncation,
 * which file watching would report no better.
 */
public final class LogStreamer {
    static final long POLL_MS = 100;
    static final long RESOLVE_MS = 1_000;
    /** How often an idle stream writes to the client, to find out whether it has gone. */
    static final long ALIVE_MS = 2_000;

    /** Turns a target into the instances it means now; throws for a target that means nothing. */
    public interface Sources {
        List<LogSource> resolve(String target);
    }

    /** Where lines go. Either method may throw to end the stream (the client has gone). */
    public interface Sink {
        void line(LogLine line);

        void alive();
    }

    private final JpmHome home;
    private final Truncations truncations;
    private final LogHealth health;

    LogStreamer(JpmHome home, Truncations truncations, LogHealth health) {
        this.home = home;
        this.truncations = truncations;
        this.health = health;
    }

    /** Streams into {@code sink}; returns only when not following, else runs until the sink throws. */
    public void stream(Request.Logs request, Sources sources, Sink sink) throws IOException {
        List<LogStream> streams = streams(request);
        // a stream kept nowhere is here with null: its notice was sent, there is nothing to poll
        Map<Path, Followed> followed = new LinkedHashMap<>();
        List<LogSource> initial = new ArrayList<>(sources.resolve(request.target()));
        initial.sort(Comparator.comparingInt(LogSource::id));
        for (LogSource source : initial) {
            for (LogStream stream : streams) {
                follow(source, stream, request.lines(), followed, sink);
            }
        }
        if (!request.follow()) {
            return;
        }
        long nextResolve = System.currentTimeMillis() + RESOLVE_MS;
        long nextAlive = System.currentTimeMillis() + ALIVE_MS;
        while (!Thread.currentThread().isInterrupted()) {
            boolean behind = false;
            for (Followed f : followed.values()) {
                behind |= f != null && f.poll(sink);
            }
            long now = System.currentTimeMillis();
            if (now >= nextResolve) {
                for (LogSource source : resolveQuietly(sources, request.target())) {
                    for (LogStream stream : streams) {
                        Path file = source.file(home, stream);
                        if (file == null ? !followed.containsKey(notKept(source, stream)) : !followed.containsKey(file)) {
                            followUnlessUnsafe(source, stream, request.lines(), followed, sink);
                        }
                    }
                }
                nextResolve = now + RESOLVE_MS;
            }
            if (now >= nextAlive) {
                sink.alive();
                nextAlive = now + ALIVE_MS;
            }
            if (!behind) {
                sleep();
            }
        }
    }

    /**
     * Shows a file's last lines and begins following it. This is also how an instance found later
     * joins: its last lines show what it printed since it started, while a file left from an
     * earlier instance of the same name and id shows no more than the requested lines of old text.
     */
    private void follow(LogSource source, LogStream stream, int lines, Map<Path, Followed> followed, Sink sink)
            throws IOException {
        Path file = source.file(home, stream);
        if (file == null) {
            sink.line(new LogLine(source.app(), source.id(), stream.suffix(), "[jpm] " + source.app() + "'s std" + stream.suffix()
                    + " is not kept: its " + stream.suffix() + "_file is " + LogSettings.DISCARD
                    + " (an app that logs through its own files, logback's say, has its lines there)"));
            followed.put(notKept(source, stream), null);
            return;
        }
        try {
            LogFiles.requireSafe(home, file);
        } catch (PathSafety.UnsafePathException e) {
            health.failed(file, "not streaming", e.getMessage());
            throw new JpmException(ErrorCode.UNSAFE_PATH, e.getMessage());
        }
        long seen = truncations.count(file);
        LastLines.Result tail = LastLines.last(file, lines);
        tail.lines().forEach(line -> sink.line(new LogLine(source.app(), source.id(), stream.suffix(), line)));
        followed.put(file, new Followed(source, stream, new LogCursor(file, tail.end()), seen));
    }

    /** A file that joins a running stream unsafe is left out (daemon.log says so), not the end of the stream. */
    private void followUnlessUnsafe(LogSource source, LogStream stream, int lines, Map<Path, Followed> followed, Sink sink)
            throws IOException {
        try {
            follow(source, stream, lines, followed, sink);
        } catch (JpmException e) {
            // health has recorded it; the check comes again with the next resolve
        }
    }

    /** The key under which a discarded stream counts as followed, so that its notice is sent once. */
    private static Path notKept(LogSource source, LogStream stream) {
        return Path.of(LogSettings.DISCARD, source.app() + "-" + source.id() + "-" + stream.suffix());
    }

    /** While following, a target that no longer matches (its app deleted) means no instances, not an error. */
    private static List<LogSource> resolveQuietly(Sources sources, String target) {
        try {
            return sources.resolve(target);
        } catch (JpmException e) {
            return List.of();
        }
    }

    private static List<LogStream> streams(Request.Logs request) {
        if (request.out() == request.err()) {
            return List.of(LogStream.OUT, LogStream.ERR);
        }
        return List.of(request.out() ? LogStream.OUT : LogStream.ERR);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One followed file and the daemon truncations of it already accounted for. */
    private final class Followed {
        private final LogSource source;
        private final LogStream stream;
        private final LogCursor cursor;
        private long truncationsSeen;

        Followed(LogSource source, LogStream stream, LogCursor cursor, long truncationsSeen) {
            this.source = source;
            this.stream = stream;
            this.cursor = cursor;
            this.truncationsSeen = truncationsSeen;
        }

        /** Sends the new lines; true when more are waiting already. */
        boolean poll(Sink sink) throws IOException {
            long count = truncations.count(cursor.file());
            if (count != truncationsSeen) {
                truncationsSeen = count;
                cursor.rewind();
            }
            for (String line : cursor.poll()) {
                sink.line(new LogLine(source.app(), source.id(), stream.suffix(), line));
            }
            return cursor.behind();
        }
    }
}
