package dev.jpm.cli.commands;

import dev.jpm.protocol.wire.Request;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A command applied to targets: app names, instance ids or {@code all}; prints the table afterwards. */
abstract class TargetCommand extends JpmSubcommand {
    @Parameters(arity = "1..*", paramLabel = "<app|id|all>", description = "App names, instance ids, or 'all'.")
    List<String> targets;

    @Mixin
    JsonOption json;

    /** The request for one target. */
    abstract Request<?> request(String target);

    /** What was done, for the line before the table: "stopped", "restarted"... */
    abstract String pastTense();

    @Override
    protected int run() throws Exception {
        for (String target : targets) {
            sendShowingProgress(request(target), target);
            if (!json.enabled()) {
                out().println(style().green("✓ ") + pastTense() + " " + target);
            }
        }
        printInstances(json.enabled());
        return 0;
    }
}
