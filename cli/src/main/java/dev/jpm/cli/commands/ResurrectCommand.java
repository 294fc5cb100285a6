package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jpm resurrect}: start the saved apps that are not running. */
@Command(name = "resurrect", mixinStandardHelpOptions = true,
        description = "Start the apps saved by 'jpm save' that are not running now.")
public final class ResurrectCommand extends JpmSubcommand {
    @Override
    protected long replyTimeoutMs() {
        return Deadlines.SETTLING_MS;
    }

    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        var started = send(new Request.Resurrect());
        if (!json.enabled()) {
            out().println(style().green("✓ ") + (started.isEmpty() ? "every saved app is already running"
                    : "resurrected " + started.size() + " instance(s)"));
        }
        printInstances(json.enabled());
        return 0;
    }
}
