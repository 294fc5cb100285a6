package dev.jpm.cli.commands;

import dev.jpm.protocol.wire.Request;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code jpm save}: remember the apps running now for {@code jpm resurrect}. */
@Command(name = "save", aliases = {"dump"}, mixinStandardHelpOptions = true,
        description = "Save the current apps (with their instance counts) for 'jpm resurrect'.")
public final class SaveCommand extends JpmSubcommand {
    @Override
    protected int run() throws Exception {
        Map<?, ?> saved = (Map<?, ?>) send(new Request.Save()).result();
        out().println(style().green("✓ ") + "saved " + saved.get("apps") + " app(s) to " + saved.get("file"));
        return 0;
    }
}
