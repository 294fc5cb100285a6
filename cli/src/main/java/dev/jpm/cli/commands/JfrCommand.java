package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.cli.render.Formats;
import dev.jpm.protocol.ecosystem.Durations;
import dev.jpm.protocol.wire.ExitCode;
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

/** {@code jpm jfr start|dump|stop}: a Java Flight Recorder recording per instance, its files in the app's dumps folder. */
@Command(name = "jfr", mixinStandardHelpOptions = true,
        description = "Java Flight Recorder: start a recording, dump what it has so far, or stop it.",
        subcommands = {JfrCommand.Start.class, JfrCommand.Dump.class, JfrCommand.Stop.class})
public final class JfrCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name an action: jpm jfr start|dump|stop <app|id|all>");
    }

    /** What the three actions share: the target, the JSON switch, and how an answer is printed. */
    abstract static class Action extends JpmSubcommand {
        @Parameters(paramLabel = "<app|id|all>", description = "An app name, an instance id, or 'all'.")
        String target;

        @Mixin
        JsonOption json;

        abstract Request.Jfr request();

        @Override
        protected long replyTimeoutMs() {
            return Deadlines.JVM_MS;
        }

        @Override
        protected int run() throws Exception {
            List<Results.DumpTaken> taken = send(request());
            if (json.enabled()) {
                out().println(Json.write(RecordCodec.toJson(taken, true)));
            }
            InstanceFailures failures = new InstanceFailures(err(), style());
            for (Results.DumpTaken t : taken) {
                if (!failures.failed(t.app(), t.instance(), t.id(), t.error(), t.code()) && !json.enabled()) {
                    out().println(style().green("✓ ") + t.app() + "#" + t.instance() + " (id " + t.id() + "): " + describe(t));
                }
            }
            return failures.exit();
        }

        String describe(Results.DumpTaken t) {
            return t.file() + " (" + Formats.bytes(t.bytes()) + ")";
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a recording (until stopped, or for --duration).")
    static final class Start extends Action {
        @Option(names = "--duration", paramLabel = "<duration>", description = "Record this long (60s, 5m), then write the file.")
        String duration;

        @Option(names = "--settings", paramLabel = "<profile>", defaultValue = "default",
                description = "'default' (about 1% overhead), 'profile' (more detail, about 2%), or a .jfc file.")
        String settings;

        @Override
        Request.Jfr request() {
            long ms = 0;
            if (duration != null) {
                try {
                    ms = Durations.parseMillis(duration);
                } catch (IllegalArgumentException e) {
                    throw new CliFailure("--duration: " + e.getMessage(), ExitCode.BAD_INPUT);
                }
                if (ms < 1000) {
                    throw new CliFailure("--duration must be at least 1s, not " + duration, ExitCode.BAD_INPUT);
                }
            }
            String profile = settings.endsWith(".jfc") ? Path.of(settings).toAbsolutePath().normalize().toString() : settings;
            return new Request.Jfr("start", target, ms, profile);
        }

        @Override
        String describe(Results.DumpTaken t) {
            return t.file() == null ? "recording; 'jpm jfr dump' writes what it has so far, 'jpm jfr stop' ends it"
                    : "recording; written to " + t.file() + " when it ends";
        }
    }

    @Command(name = "dump", mixinStandardHelpOptions = true, description = "Write what the recording has so far; it goes on.")
    static final class Dump extends Action {
        @Override
        Request.Jfr request() {
            return new Request.Jfr("dump", target, 0, null);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the recording and write it.")
    static final class Stop extends Action {
        @Override
        Request.Jfr request() {
            return new Request.Jfr("stop", target, 0, null);
        }
    }
}
