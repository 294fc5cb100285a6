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

    /** {@code update}: what was done to each app of the file, and the rows of every instance afterwards. */
    public record Updated(List<AppChange> changes, List<dev.jpm.protocol.view.InstanceView> instances) {
        public Updated {
            changes = changes == null ? List.of() : List.copyOf(changes);
            instances = instances == null ? List.of() : List.copyOf(instances);
        }
    }

    /**
     * One app's part in an update: {@code action} is one of {@link #ACTIONS}; {@code detail} says
     * what changed ("env, jvm_args", "2 → 4") or is empty.
     */
    public record AppChange(String app, String action, String detail) {
        /** Left as it ran; its spec is the same. */
        public static final String UNCHANGED = "unchanged";
        /** Replaced one instance at a time beside the old process (cluster mode), no request lost. */
        public static final String ROLLED = "rolled";
        /** Stopped and started again: no public port to hand over, or the public port itself changed. */
        public static final String RESTARTED = "restarted";
        /** Only settings jpm itself applies changed (restart policy, stop, health checks): no process replaced. */
        public static final String UPDATED = "updated";
        public static final String STARTED = "started";
        public static final String SCALED = "scaled";
        /** Deleted: started from this file, no longer in it, and --prune given. */
        public static final String PRUNED = "pruned";
        /** Started from this file, no longer in it, left running (no --prune). */
        public static final String KEPT = "kept";
        public static final List<String> ACTIONS = List.of(UNCHANGED, ROLLED, RESTARTED, UPDATED, STARTED, SCALED, PRUNED, KEPT);

        public AppChange {
            detail = detail == null ? "" : detail;
        }
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
