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

    /**
     * {@code threaddump}, per instance: the dump's text, how it was taken ({@code attach}, or
     * {@code sigquit} cut out of the out log), the file it is kept in (null when it could not be
     * kept, {@code note} says why); or, when it could not be taken, {@code error} and {@code code}
     * (an {@link ErrorCode}'s wire name).
     */
    public record ThreadDump(int id, String app, int instance, Long pid, String file, String via, String text, String note,
                             String error, String code) {
    }

    /**
     * {@code heapdump} and {@code jfr}, per instance: the file written and its size (for
     * {@code jfr start}, the file a timed recording will be written to, else null), the JVM's own
     * words; or {@code error} and {@code code} when it failed.
     */
    public record DumpTaken(int id, String app, int instance, String file, long bytes, String note, String error, String code) {
    }

    /** {@code signal}: the signal's name and the instances it was sent to. */
    public record Signalled(String signal, List<Integer> ids) {
    }
}
