package dev.jpm.protocol.wire;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.List;

/**
 * Every request the CLI can send, one record each. A target is an app name, an instance id or
 * {@code all}. The {@code cmd} each travels under is in {@link Requests}.
 */
public sealed interface Request {

    /** The first exchange on every connection: both sides' protocol versions must match. */
    record Hello(int protocol, String version) implements Request {
    }

    record Ping() implements Request {
    }

    /** Start these apps (already validated by the CLI); {@code wait} holds the reply until each instance is online or errored. */
    record Start(List<AppSpec> apps) implements Request {
    }

    record ListInstances() implements Request {
    }

    record Stop(String target) implements Request {
    }

    record Restart(String target) implements Request {
    }

    record Delete(String target) implements Request {
    }

    record Describe(String target) implements Request {
    }

    /** Zero-downtime replacement of the instances of cluster apps, one by one. */
    record Reload(String target) implements Request {
    }

    /** {@code count} is {@code N}, {@code +N} or {@code -N}. */
    record Scale(String app, String count) implements Request {
    }

    /** Stop every instance, then the daemon itself. */
    record Kill() implements Request {
    }

    /** A stream: the last {@code lines} lines of each matching log, then (when {@code follow}) new lines as events. */
    record Logs(String target, int lines, boolean follow, boolean out, boolean err) implements Request {
    }

    record Flush(String target) implements Request {
    }

    record Save() implements Request {
    }

    record Resurrect() implements Request {
    }
}
