package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.cli.render.Formats;
import dev.jpm.cli.render.Progress;
import dev.jpm.protocol.wire.Events;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jpm heapdump}: an .hprof per instance, its size shown growing while the JVM writes it. */
@Command(name = "heapdump", mixinStandardHelpOptions = true,
        description = "Write a heap dump (.hprof) of each instance into $JPM_HOME/dumps/<app>/, keeping dump_retain per app.")
public final class HeapDumpCommand extends JpmSubcommand {
    @Parameters(paramLabel = "<app|id|all>", description = "An app name, an instance id, or 'all'.")
    String target;

    @Option(names = "--live", description = "Only reachable objects (the JVM runs a full GC first); smaller, slower.")
    boolean live;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>",
            description = "Write to this new file instead (one instance only; an existing file or link is refused).")
    Path output;

    @Mixin
    JsonOption json;

    @Override
    protected long replyTimeoutMs() {
        return Deadlines.JVM_MS;
    }

    @Override
    protected int run() throws Exception {
        String file = output == null ? null : output.toAbsolutePath().normalize().toString();
        Progress progress = Progress.detect(System.err);
        List<Results.DumpTaken> taken;
        try {
            taken = send(new Request.HeapDump(target, live, file), event -> {
                if (event.data() instanceof Events.DumpProgress p && p.file() != null) {
                    progress.update("heap dump of instance " + p.id() + ": " + Formats.bytes(p.bytes()) + " written to " + p.file());
                }
            });
        } finally {
            progress.done();
        }
        if (json.enabled()) {
            out().println(Json.write(RecordCodec.toJson(taken, true)));
        }
        InstanceFailures failures = new InstanceFailures(err(), style());
        for (Results.DumpTaken t : taken) {
            if (!failures.failed(t.app(), t.instance(), t.id(), t.error(), t.code()) && !json.enabled()) {
                out().println(style().green("✓ ") + "heap dump of " + t.app() + "#" + t.instance() + " (id " + t.id() + "): "
                        + t.file() + " (" + Formats.bytes(t.bytes()) + ")");
            }
        }
        return failures.exit();
    }
}
