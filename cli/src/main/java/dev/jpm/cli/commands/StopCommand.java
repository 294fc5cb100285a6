package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.Request;
import picocli.CommandLine.Command;

/** {@code jpm stop}: SIGTERM, then SIGKILL after kill_timeout; the app stays listed as stopped. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop instances (SIGTERM, SIGKILL after kill_timeout); they stay listed as stopped.")
public final class StopCommand extends TargetCommand {
    @Override
    protected long replyTimeoutMs() {
        return Deadlines.STOPPING_MS;
    }

    @Override
    Request<?> request(String target) {
        return new Request.Stop(target);
    }

    @Override
    String pastTense() {
        return "stopped";
    }
}
