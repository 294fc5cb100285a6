package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonClient;
import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.home.ProcEnvironScanner;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.nio.file.Files;
import picocli.CommandLine.Command;

/**
 * {@code jpm kill}: stop every instance, then the daemon. Starts a daemon only when none runs but
 * processes of this home do (their daemon was killed): the new one adopts them so they can be stopped.
 */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Stop every instance, then the daemon.")
public final class KillCommand extends JpmSubcommand {
    /** How long to wait for the daemon to remove its socket after answering. */
    private static final long EXIT_WAIT_MS = 10_000;

    @Override
    protected long replyTimeoutMs() {
        return Deadlines.STOPPING_MS;
    }

    @Override
    protected int run() throws Exception {
        DaemonClient running = launcher().connectIfRunning();
        if (running == null && new ProcEnvironScanner(home().root()).scan().isEmpty()) {
            out().println("no jpm daemon runs for " + home().root());
            return 0;
        }
        if (running != null) {
            printNotices(running);
        }
        // with none running, the instances of a daemon that died run on: a new daemon adopts them (by their marker)
        try (DaemonClient client = running != null ? running : daemon()) {
            client.send(new Request.Kill(), e -> { });
        } catch (DaemonClient.DaemonTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // the daemon may close the connection as it exits
        }
        long deadline = System.currentTimeMillis() + EXIT_WAIT_MS;
        while (Files.exists(home().socket()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        out().println(style().green("✓ ") + "stopped every instance and the daemon");
        return 0;
    }
}
