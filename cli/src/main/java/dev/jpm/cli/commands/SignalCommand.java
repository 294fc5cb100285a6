package dev.jpm.cli.commands;

import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jpm signal}: any other signal, by name, to each running instance (the daemon knows the names). */
@Command(name = "signal", aliases = {"sendSignal"}, mixinStandardHelpOptions = true,
        description = "Send a signal (QUIT, USR1, HUP, SIGTERM...) to each running instance.")
public final class SignalCommand extends JpmSubcommand {
    @Parameters(index = "0", paramLabel = "<SIGNAL>", description = "A signal name: USR1, SIGUSR1 and usr1 are the same.")
    String signal;

    @Parameters(index = "1", paramLabel = "<app|id|all>", description = "An app name, an instance id, or 'all'.")
    String target;

    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        Results.Signalled sent = send(new Request.Signal(signal, target));
        if (json.enabled()) {
            out().println(Json.write(RecordCodec.toJson(sent, true)));
            return 0;
        }
        out().println(style().green("✓ ") + sent.signal() + " sent to instance" + (sent.ids().size() == 1 ? " " : "s ")
                + String.join(", ", sent.ids().stream().map(String::valueOf).toList()));
        return 0;
    }
}
