package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.Request;
import picocli.CommandLine.Command;

/** {@code jpm restart}: stop then start again; a stopped or errored instance just starts. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Stop and start instances again (stopped and errored ones just start).")
public final class RestartCommand extends TargetCommand {
    @Override
    protected long replyTimeoutMs() {
        return Deadlines.SETTLING_MS;
    }

    @Override
    Request<?> request(String target) {
        return new Request.Restart(target);
    }

    @Override
    String pastTense() {
        return "restarted";
    }
}
