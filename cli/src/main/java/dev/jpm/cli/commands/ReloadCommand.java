package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.Request;
import picocli.CommandLine.Command;

/** {@code jpm reload}: zero-downtime replacement of cluster instances, one at a time. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Replace instances one by one without dropping a request: start the new one, wait until it is",
            "online, route new connections to it, then drain and stop the old one. Apps without a port are restarted."})
public final class ReloadCommand extends TargetCommand {
    @Override
    protected long replyTimeoutMs() {
        return Deadlines.SETTLING_MS;
    }

    @Override
    Request<?> request(String target) {
        return new Request.Reload(target);
    }

    @Override
    String pastTense() {
        return "reloaded";
    }
}
