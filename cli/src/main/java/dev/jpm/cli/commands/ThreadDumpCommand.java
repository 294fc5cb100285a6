package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.cli.jvm.ThreadDumpText;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm threaddump}: each instance's threads, printed and kept in its app's dumps folder. A
 * Java-level deadlock is what an on-call engineer runs this to find, and HotSpot prints it after
 * every thread, hundreds of lines down: so it comes first, in red.
 */
@Command(name = "threaddump", aliases = {"jstack"}, mixinStandardHelpOptions = true,
        description = "Print the thread dump of each instance (kept in $JPM_HOME/dumps/<app>/); deadlocks first.")
public final class ThreadDumpCommand extends JpmSubcommand {
    @Parameters(paramLabel = "<app|id|all>", description = "An app name, an instance id, or 'all'.")
    String target;

    @Mixin
    JsonOption json;

    @Override
    protected long replyTimeoutMs() {
        return Deadlines.JVM_MS;
    }

    @Override
    protected int run() throws Exception {
        List<Results.ThreadDump> dumps = send(new Request.ThreadDump(target));
        InstanceFailures failures = new InstanceFailures(err(), style());
        List<Object> asJson = new ArrayList<>();
        for (Results.ThreadDump d : dumps) {
            if (failures.failed(d.app(), d.instance(), d.id(), d.error(), d.code())) {
                asJson.add(RecordCodec.toJson(d, true));
                continue;
            }
            ThreadDumpText.Parsed parsed = ThreadDumpText.parse(d.text());
            if (json.enabled()) {
                asJson.add(json(d, parsed));
            } else {
                print(out(), d, parsed);
            }
            if (d.note() != null) {
                err().println(style().yellow("jpm: ") + d.app() + "#" + d.instance() + ": the dump is printed but " + d.note());
            }
        }
        if (json.enabled()) {
            out().println(Json.write(asJson));
        }
        return failures.exit();
    }

    private void print(PrintWriter out, Results.ThreadDump d, ThreadDumpText.Parsed parsed) {
        out.println(style().bold("── " + d.app() + " #" + d.instance() + " (id " + d.id() + ", pid " + d.pid() + ") ")
                + parsed.threads().size() + " threads, taken by " + d.via()
                + (d.file() == null ? "" : ", kept in " + d.file()));
        if (parsed.hasDeadlock()) {
            out.println(style().red(style().bold("!! JAVA-LEVEL DEADLOCK (" + parsed.deadlockCount() + "): threads "
                    + String.join(", ", parsed.deadlockedThreads().stream().map(n -> "\"" + n + "\"").toList())
                    + " each wait for a lock another holds, forever")));
            out.println(style().red(parsed.deadlocks().stripTrailing()));
            out.println(style().red("!! end of the deadlock report; the whole dump follows"));
        }
        out.println(d.text().stripTrailing());
        out.println();
    }

    /** One object per instance, with one object per thread: what a script wants to filter. */
    private static Map<String, Object> json(Results.ThreadDump d, ThreadDumpText.Parsed parsed) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", d.id());
        o.put("app", d.app());
        o.put("instance", d.instance());
        o.put("pid", d.pid());
        o.put("file", d.file());
        o.put("via", d.via());
        o.put("deadlocks", parsed.deadlockCount());
        o.put("deadlocked_threads", parsed.deadlockedThreads());
        o.put("deadlock_report", parsed.deadlocks());
        o.put("threads", RecordCodec.toJson(parsed.threads(), true));
        return o;
    }
}
