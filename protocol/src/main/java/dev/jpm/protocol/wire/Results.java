package dev.jpm.protocol.wire;

import java.util.List;

/**
 * The results of requests that answer with neither instance rows nor a {@link Welcome}; which
 * request answers with which is in {@link Request}'s type parameter. Field names on the wire are
 * the components' in snake_case, the same keys the daemon has always sent.
 */
public final class Results {
    private Results() {
    }

    /** {@code ping}: the daemon's pid, version and how long it has run. */
    public record Pong(long pid, String version, long uptimeMs) {
    }

    /** {@code save}: the dump file written and how many apps it holds. */
    public record Saved(String file, int apps) {
    }

    /** {@code flush}: the log files emptied. */
    public record Flushed(List<String> files) {
    }

    /** {@code logs}: closes the stream of {@code log} events (a follow only ends when the client goes). */
    public record Streamed(boolean streamed) {
    }
}
