package dev.jpm.cli.commands;

import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import picocli.CommandLine.Command;

/** {@code jpm save}: remember the apps running now for {@code jpm resurrect}. */
@Command(name = "save", aliases = {"dump"}, mixinStandardHelpOptions = true,
        description = "Save the current apps (with their instance counts) for 'jpm resurrect'.")
public final class SaveCommand extends JpmSubcommand {
    @Override
    protected int run() throws Exception {
        Results.Saved saved = send(new Request.Save());
        out().println(style().green("✓ ") + "saved " + saved.apps() + " app(s) to " + saved.file());
        return 0;
    }
}
