package dev.jpm.cli.commands;

import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jpm ping}: make sure the daemon runs and say so. */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Start the daemon if needed and check that it answers.")
public final class PingCommand extends JpmSubcommand {
    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        Results.Pong pong = send(new Request.Ping());
        if (json.enabled()) {
            out().println(Json.write(RecordCodec.toJson(pong)));
        } else {
            out().println("pong: jpm daemon " + pong.version() + ", pid " + pong.pid() + ", home " + home().root());
        }
        return 0;
    }
}
