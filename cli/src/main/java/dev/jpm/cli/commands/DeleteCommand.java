package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.Request;
import picocli.CommandLine.Command;

/** {@code jpm delete}: stop and forget. */
@Command(name = "delete", aliases = {"del"}, mixinStandardHelpOptions = true,
        description = "Stop instances and remove them from jpm.")
public final class DeleteCommand extends TargetCommand {
    @Override
    protected long replyTimeoutMs() {
        return Deadlines.STOPPING_MS;
    }

    @Override
    Request<?> request(String target) {
        return new Request.Delete(target);
    }

    @Override
    String pastTense() {
        return "deleted";
    }
}
