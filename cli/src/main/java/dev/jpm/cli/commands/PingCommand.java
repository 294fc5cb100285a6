package dev.jpm.cli.commands;

import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.Request;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jpm ping}: make sure the daemon runs and say so. */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Start the daemon if needed and check that it answers.")
public final class PingCommand extends JpmSubcommand {
    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        Object result = send(new Request.Ping()).result();
        if (json.enabled()) {
            out().println(Json.write(result));
        } else {
            Map<?, ?> info = (Map<?, ?>) result;
            out().println("pong: jpm daemon " + info.get("version") + ", pid " + info.get("pid") + ", home " + home().root());
        }
        return 0;
    }
}
