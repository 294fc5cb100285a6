package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.Request;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jpm restart}: stop then start again; a stopped or errored instance just starts. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Stop and start instances again (stopped and errored ones just start).")
public final class RestartCommand extends TargetCommand {
    @Option(names = "--update-env", description = "Run the instances with this shell's environment from now on (the app's env keys win).")
    boolean updateEnv;

    @Override
    protected long replyTimeoutMs() {
        return Deadlines.SETTLING_MS;
    }

    @Override
    Request<?> request(String target) {
        return new Request.Restart(target, updateEnv ? System.getenv() : Map.of());
    }

    @Override
    String pastTense() {
        return "restarted";
    }
}
