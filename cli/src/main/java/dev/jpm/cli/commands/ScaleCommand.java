package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jpm scale}: add or remove instances live; removed ones stop taking traffic and drain first. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Set an app's number of instances: N, +N or -N. Removed instances drain before they stop.")
public final class ScaleCommand extends JpmSubcommand {
    @Override
    protected long replyTimeoutMs() {
        return Deadlines.SETTLING_MS;
    }

    @Parameters(index = "0", paramLabel = "<app>", description = "The app to scale.")
    String app;

    @Parameters(index = "1", paramLabel = "<N|+N|-N>", description = "The number of instances, or a change to it.")
    String count;

    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        var rows = sendShowingProgress(new Request.Scale(app, count), "waiting for new instances");
        if (!json.enabled()) {
            out().println(style().green("✓ ") + "scaled " + app + " to " + rows.size() + " instance" + (rows.size() == 1 ? "" : "s"));
        }
        printInstances(json.enabled());
        return 0;
    }
}
