package dev.jpm.cli.commands;

import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.Request;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jpm flush}: empty the log files; running instances keep writing at the new end. */
@Command(name = "flush", mixinStandardHelpOptions = true,
        description = "Empty the log files of the matching instances (rotated archives are kept).")
public final class FlushCommand extends JpmSubcommand {
    @Parameters(arity = "0..1", defaultValue = "all", paramLabel = "<app|id|all>",
            description = "An app name, an instance id, or 'all' (default).")
    String target;

    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        List<String> files = send(new Request.Flush(target)).files();
        if (json.enabled()) {
            out().println(Json.write(Map.of("files", files)));
            return 0;
        }
        out().println(style().green("✓ ") + "flushed " + files.size() + " log file" + (files.size() == 1 ? "" : "s"));
        files.forEach(f -> out().println("  " + f));
        return 0;
    }
}
