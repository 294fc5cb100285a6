package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonClient;
import dev.jpm.cli.client.DaemonLauncher;
import dev.jpm.cli.client.Deadlines;
import dev.jpm.cli.render.Progress;
import dev.jpm.cli.render.StartingLine;
import dev.jpm.cli.render.Style;
import dev.jpm.protocol.JpmVersion;
import dev.jpm.protocol.ecosystem.Durations;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.wire.ExitCode;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.Events;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: its output writers, the daemon connection, and the one place where
 * failures become a message on stderr and an exit code.
 */
public abstract class JpmSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private DaemonClient client;
    private Style style;

    /** The command's work; returns its exit code. */
    protected abstract int run() throws Exception;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CliFailure e) {
            err().println(style().red("jpm: ") + e.getMessage());
            return e.exit().number();
        } catch (DaemonLauncher.DaemonStartException e) {
            if (e.logTail() == null) {
                err().println(style().red("jpm: ") + e.getMessage());
            } else {
                err().println(style().red("jpm: ") + e.getMessage() + "; the end of " + home().daemonLog() + ":");
                err().println(e.logTail());
            }
            return (e.code() == null ? ExitCode.DAEMON_UNAVAILABLE : e.code().exit()).number();
        } catch (PathSafety.UnsafePathException e) {
            err().println(style().red("jpm: ") + e.getMessage());
            return ExitCode.UNSAFE_PATH.number();
        } catch (DaemonClient.DaemonTimeoutException e) {
            err().println(style().red("jpm: ") + e.getMessage());
            return ExitCode.DAEMON_UNAVAILABLE.number();
        } catch (DaemonClient.DaemonRefusedException e) {
            err().println(style().red("jpm: ") + e.getMessage());
            return e.reply().errorCode().exit().number();
        } catch (IOException e) {
            err().println(style().red("jpm: ") + "lost the daemon: " + e.getMessage() + " (see " + home().daemonLog() + ")");
            return ExitCode.DAEMON_UNAVAILABLE.number();
        } catch (Exception e) {
            err().println(style().red("jpm: ") + "unexpected failure: " + e);
            return ExitCode.INTERNAL.number();
        } finally {
            closeClient();
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected JpmHome home() {
        return JpmHome.fromEnvironment();
    }

    protected Style style() {
        if (style == null) {
            style = Style.detect();
        }
        return style;
    }

    protected DaemonLauncher launcher() {
        return new DaemonLauncher(home(), JpmVersion.current(), deadlines(replyTimeoutMs()));
    }

    /**
     * How long this command's request may go without a word from the daemon; 0 for a stream that
     * runs until Ctrl-C. Quick by default; commands that stop or wait for processes override it.
     */
    protected long replyTimeoutMs() {
        return Deadlines.QUICK_MS;
    }

    /** The hello's deadline and the given reply deadline, both replaced by the user's --timeout. */
    protected Deadlines deadlines(long replyMs) {
        Deadlines deadlines = Deadlines.replyWithin(replyMs);
        OptionSpec option = spec.findOption("--timeout");
        String text = option == null ? null : option.getValue();
        if (text == null) {
            return deadlines;
        }
        long ms;
        try {
            ms = Durations.parseMillis(text);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("--timeout: " + e.getMessage(), ExitCode.BAD_INPUT);
        }
        if (ms <= 0) {
            throw new CliFailure("--timeout must be more than 0, not " + text, ExitCode.BAD_INPUT);
        }
        return deadlines.overriddenBy(ms);
    }

    /** The daemon, started first when none runs. */
    protected DaemonClient daemon() throws IOException {
        if (client == null) {
            client = launcher().connectOrStart(Progress.detect(System.err));
            printNotices(client);
        }
        return client;
    }

    /** The daemon's notices (a recovered state file, a stopped stray process), each once, on stderr. */
    protected void printNotices(DaemonClient connected) {
        connected.notices().forEach(notice -> err().println(style().yellow("jpm: ") + notice));
        err().flush();
    }

    /** Sends a request and returns its result; a refusal becomes a {@link CliFailure} with the daemon's words and exit code. */
    protected <R> R send(Request<R> request) throws IOException {
        return send(request, e -> { });
    }

    protected <R> R send(Request<R> request, Consumer<Event> onEvent) throws IOException {
        return okResult(daemon().send(request, onEvent));
    }

    /** The result of a reply that succeeded; a refusal becomes a {@link CliFailure}. */
    static <R> R okResult(Reply<R> reply) {
        if (!reply.ok()) {
            throw new CliFailure(reply.error(), reply.errorCode().exit());
        }
        return reply.result();
    }

    /**
     * Sends a request that waits on instances, showing the daemon's progress events on stderr
     * as "{@code what}: 1/2 online" (and a replacement's as {@link StartingLine} says), and returns
     * the reply's result.
     */
    protected <R> R sendShowingProgress(Request<R> request, String what) throws IOException {
        Progress progress = Progress.detect(System.err);
        try {
            return send(request, event -> {
                if (event.data() instanceof Events.Progress p) {
                    progress.update(what + ": " + p.online() + "/" + p.total() + " online");
                } else if (event.data() instanceof Events.Starting starting) {
                    progress.update(StartingLine.of(starting));
                }
            });
        } finally {
            progress.done();
        }
    }

    /** Prints every instance: the table, or the JSON array with {@code --json}. */
    protected void printInstances(boolean json) throws IOException {
        InstanceOutput.print(out(), send(new Request.ListInstances()), json, style());
    }

    private void closeClient() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing a socket we are done with: nothing left to tell the user
            }
            client = null;
        }
    }
}
