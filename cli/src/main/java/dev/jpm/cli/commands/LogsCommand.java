package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.cli.render.LogLineFormat;
import dev.jpm.protocol.view.LogLine;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.ExitCode;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Request;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm logs}: the last lines of each matching instance, then every new line until Ctrl-C.
 * The daemon does the reading and following (it knows when instances come and go); this prints.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show the last lines of the apps' output, then follow new lines until Ctrl-C.")
public final class LogsCommand extends JpmSubcommand {
    @Parameters(arity = "0..1", defaultValue = "all", paramLabel = "<app|id|all>",
            description = "An app name, an instance id, or 'all' (default).")
    String target;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "15", description = "Lines of each file to show first (default 15).")
    int lines;

    @Option(names = "--out", description = "Only standard output.")
    boolean outOnly;

    @Option(names = "--err", description = "Only standard error.")
    boolean errOnly;

    @Option(names = "--nostream", description = "Print the last lines and exit instead of following.")
    boolean noStream;

    @Option(names = "--highlight", paramLabel = "TEXT", description = "Mark TEXT wherever it appears (on a terminal).")
    String highlight;

    @Mixin
    JsonOption json;

    /** Following runs until Ctrl-C, and the daemon may have nothing to say for hours. */
    @Override
    protected long replyTimeoutMs() {
        return noStream ? Deadlines.QUICK_MS : Deadlines.NONE;
    }

    @Override
    protected int run() throws Exception {
        if (outOnly && errOnly) {
            throw new CliFailure("--out and --err exclude each other; give neither for both", ExitCode.BAD_INPUT);
        }
        if (lines < 0) {
            throw new CliFailure("--lines takes N >= 0, not " + lines, ExitCode.BAD_INPUT);
        }
        LogLineFormat format = new LogLineFormat(style(), highlight);
        PrintWriter out = out();
        try {
            send(new Request.Logs(target, lines, !noStream, !errOnly, !outOnly), event -> print(event, format, out));
        } catch (OutputClosed e) {
            // the reader went away (`jpm logs | head`): stop quietly, as other tools do
        }
        return 0;
    }

    private void print(Event event, LogLineFormat format, PrintWriter out) {
        if (!(event.data() instanceof LogLine line)) {
            return;
        }
        out.println(json.enabled() ? Json.write(RecordCodec.toJson(line, true)) : format.format(line));
        out.flush();
        // picocli's writer wraps System.out, a PrintStream that keeps a broken pipe to itself
        if (out.checkError() || System.out.checkError()) {
            throw new OutputClosed();
        }
    }

    /** Ends a follow whose output nobody reads any more. */
    static final class OutputClosed extends RuntimeException {
        OutputClosed() {
            super("output closed", null, false, false);
        }
    }
}
