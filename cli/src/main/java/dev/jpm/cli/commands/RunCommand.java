package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonClient;
import dev.jpm.cli.client.DaemonLauncher;
import dev.jpm.cli.client.Deadlines;
import dev.jpm.cli.render.LogLineFormat;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.LogLine;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.ExitCode;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm run}: jpm as a container's command (PM2's pm2-runtime). This process is the daemon:
 * it hosts it in-process ({@link InProcessDaemon}) in the foreground mode a service manager needs,
 * starts the apps through its own socket as {@code jpm start} would, and prints their output
 * with the prefixes of {@code jpm logs}, stdout lines on stdout and stderr lines on stderr.
 * SIGTERM or SIGINT stops every instance gracefully and exits 0; every app ending errored exits
 * {@link ExitCode#LAUNCH_FAILED}; both are the daemon's doing, so the run ends however it is
 * ended. Other terminals reach it as any daemon: {@code jpm list}, {@code logs}, {@code reload}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the apps in the foreground with their output on stdout/stderr, as a container's command:"
                + " the daemon runs inside this process, SIGTERM stops every app and exits 0.",
                "Takes what 'jpm start' takes, e.g. 'jpm run ecosystem.yaml --env production' or 'jpm run app.jar -i 2 --port 8080'."})
public final class RunCommand extends JpmSubcommand {
    /** What the hosted daemon is told (DaemonMode): foreground, and an end once every app is errored. */
    static final List<String> DAEMON_ARGS = List.of("--foreground", "--exit-when-errored");
    /**
     * The last lines of each log shown when following begins: what the apps printed between their
     * launch and the start of the stream (a Spring Boot banner and start-up log is about 60). A
     * home kept from an earlier run shows up to this many of its old lines first.
     */
    static final int LINES_AT_START = 200;
    /** The hosted daemon is up in well under a second; this bounds a broken start. */
    private static final long START_TIMEOUT_MS = 20_000;

    @Parameters(arity = "1..*", paramLabel = "<ecosystem.yaml|app.jar> [start options]",
            description = "What 'jpm start' takes: a file, then its options.")
    List<String> startArgs;

    /** The follow runs as long as the daemon does; the start waits for instances as 'jpm start' does. */
    @Override
    protected long replyTimeoutMs() {
        return Deadlines.SETTLING_MS;
    }

    @Override
    protected int run() throws Exception {
        List<AppSpec> apps = appsToStart();
        DaemonLauncher launcher = launcher();
        try (DaemonClient running = launcher.connectIfRunning()) {
            if (running != null) {
                throw new CliFailure("a jpm daemon already runs for " + home().root() + "; 'jpm run' hosts its own daemon:"
                        + " give it a JPM_HOME of its own", ExitCode.CONFLICT);
            }
        }
        InProcessDaemon.start(DAEMON_ARGS);
        DaemonClient client = awaitDaemon(launcher);
        Reply<List<InstanceView>> reply = client.send(new Request.Start(apps), e -> { });
        if (reply.ok()) {
            List<InstanceView> started = reply.result();
            err().println("jpm run: started " + String.join(", ", started.stream().map(InstanceView::name).distinct().toList())
                    + " (" + started.size() + " instance" + (started.size() == 1 ? "" : "s") + "); SIGTERM or Ctrl-C stops them");
        } else if (reply.errorCode() == ErrorCode.LAUNCH_FAILED) {
            // a first run that failed is no end: the restart policy goes on, and the daemon ends the run once all are errored
            err().println("jpm run: " + reply.error());
        } else {
            throw new CliFailure(reply.error(), reply.errorCode().exit()); // nothing was started
        }
        err().flush();
        follow();
        return ExitCode.OK.number(); // not reached while the daemon runs: its exit ends this process
    }

    /** The apps as 'jpm start' reads them from the same arguments. */
    private List<AppSpec> appsToStart() {
        StartCommand start = new StartCommand();
        try {
            new CommandLine(start).parseArgs(startArgs.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new CliFailure(e.getMessage(), ExitCode.BAD_INPUT);
        }
        return start.appsToStart(Path.of(start.what));
    }

    private DaemonClient awaitDaemon(DaemonLauncher launcher) throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            DaemonClient client = launcher.connectIfRunning();
            if (client != null) {
                return client;
            }
            Thread.sleep(25);
        }
        throw new CliFailure("the daemon inside this process did not answer within " + START_TIMEOUT_MS / 1000 + " s (see "
                + home().daemonLog() + ")", ExitCode.DAEMON_UNAVAILABLE);
    }

    /** Prints every line of every instance, on this thread, until the daemon ends the process. */
    private void follow() throws Exception {
        LogLineFormat format = new LogLineFormat(style(), null);
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (DaemonClient logs = DaemonClient.connect(home(), dev.jpm.protocol.JpmVersion.current(), Deadlines.replyWithin(Deadlines.NONE))) {
            logs.send(new Request.Logs("all", LINES_AT_START, true, true, true), event -> {
                if (event.data() instanceof LogLine line) {
                    PrintStream to = "err".equals(line.stream()) ? err : out;
                    to.println(format.format(line));
                    to.flush(); // a line as it comes, as the container's log reader expects
                }
            });
        }
    }
}
