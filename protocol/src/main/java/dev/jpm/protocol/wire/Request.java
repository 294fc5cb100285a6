package dev.jpm.protocol.wire;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.view.InstanceView;
import java.util.List;
import java.util.Map;

/**
 * Every request the CLI can send, one record each, typed by the result its reply carries
 * ({@code R}: a record of {@link Results}, {@link Welcome}, or a list of views where the wire has
 * always carried an array). A target is an app name, an instance id or {@code all}. The
 * {@code cmd} each travels under is in {@link Requests}.
 *
 * @param <R> what a successful reply to this request carries
 */
public sealed interface Request<R> {

    /** The first exchange on every connection: both sides' protocol versions must match. */
    record Hello(int protocol, String version) implements Request<Welcome> {
    }

    record Ping() implements Request<Results.Pong> {
    }

    /** Start these apps (already validated by the CLI); {@code wait} holds the reply until each instance is online or errored. */
    record Start(List<AppSpec> apps) implements Request<List<InstanceView>> {
    }

    record ListInstances() implements Request<List<InstanceView>> {
    }

    record Stop(String target) implements Request<List<InstanceView>> {
    }

    /**
     * {@code env}: with {@code --update-env}, the caller's environment, which the instances run with
     * from now on (under the app's own {@code env}, whose keys win); empty keeps the one they have.
     */
    record Restart(String target, Map<String, String> env) implements Request<List<InstanceView>> {
        public Restart {
            env = env == null ? Map.of() : Map.copyOf(env);
        }

        public Restart(String target) {
            this(target, Map.of());
        }
    }

    /** Answered with the ids of the instances deleted. */
    record Delete(String target) implements Request<List<Integer>> {
    }

    record Describe(String target) implements Request<List<InstanceDescription>> {
    }

    /** Zero-downtime replacement of the instances of cluster apps, one by one; {@code env} as for {@link Restart}. */
    record Reload(String target, Map<String, String> env) implements Request<List<InstanceView>> {
        public Reload {
            env = env == null ? Map.of() : Map.copyOf(env);
        }

        public Reload(String target) {
            this(target, Map.of());
        }
    }

    /**
     * An update in place from the ecosystem file {@code source}: {@code apps} (those it declares,
     * less any left out by {@code --only}) are compared with the running ones and each is left,
     * rolled over, restarted, scaled or started; {@code declared} are all the names the file holds,
     * so that its apps no longer in it are told apart (kept, or deleted when {@code prune}).
     */
    record Update(String source, List<AppSpec> apps, List<String> declared, boolean prune) implements Request<Results.Updated> {
        public Update {
            apps = apps == null ? List.of() : List.copyOf(apps);
            declared = declared == null ? List.of() : List.copyOf(declared);
        }
    }

    /** {@code count} is {@code N}, {@code +N} or {@code -N}. */
    record Scale(String app, String count) implements Request<List<InstanceView>> {
    }

    /** Stop every instance, then the daemon itself; answered with the ids of the instances stopped. */
    record Kill() implements Request<List<Integer>> {
    }

    /** A stream: the last {@code lines} lines of each matching log, then (when {@code follow}) new lines as events. */
    record Logs(String target, int lines, boolean follow, boolean out, boolean err) implements Request<Results.Streamed> {
    }

    record Flush(String target) implements Request<Results.Flushed> {
    }

    record Save() implements Request<Results.Saved> {
    }

    record Resurrect() implements Request<List<InstanceView>> {
    }

    /** The thread dump of each running instance, also kept in its app's dumps folder. */
    record ThreadDump(String target) implements Request<List<Results.ThreadDump>> {
    }

    /**
     * A heap dump of each running instance into its app's dumps folder, or into {@code output}
     * (an absolute path that must not exist) when the target is one instance; {@code live} dumps
     * only reachable objects (a full GC first).
     */
    record HeapDump(String target, boolean live, String output) implements Request<List<Results.DumpTaken>> {
    }

    /**
     * A JFR recording of each running instance: {@code action} is {@code start} (for
     * {@code durationMs}, 0 for until stopped, with {@code settings} {@code default}, {@code profile}
     * or a .jfc file), {@code dump} (what it has so far, into a file) or {@code stop} (into a file).
     */
    record Jfr(String action, String target, long durationMs, String settings) implements Request<List<Results.DumpTaken>> {
    }

    /** Sends a signal, by name ({@code USR1}, {@code SIGHUP}), to each running instance. */
    record Signal(String signal, String target) implements Request<Results.Signalled> {
    }
}
