package dev.jpm.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jpm list}: every instance with its status, restarts, uptime, CPU and memory. */
@Command(name = "list", aliases = {"ls", "status"}, mixinStandardHelpOptions = true,
        description = "List every instance: id, name, pid, status, restarts, uptime, CPU and memory.")
public final class ListCommand extends JpmSubcommand {
    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        printInstances(json.enabled());
        return 0;
    }
}
