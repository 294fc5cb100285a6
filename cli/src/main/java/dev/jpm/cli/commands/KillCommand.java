package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonClient;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.nio.file.Files;
import picocli.CommandLine.Command;

/** {@code jpm kill}: stop every instance, then the daemon. Never starts a daemon just to kill it. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Stop every instance, then the daemon.")
public final class KillCommand extends JpmSubcommand {
    /** How long to wait for the daemon to remove its socket after answering. */
    private static final long EXIT_WAIT_MS = 10_000;

    @Override
    protected int run() throws Exception {
        DaemonClient client = launcher().connectIfRunning();
        if (client == null) {
            out().println("no jpm daemon runs for " + home().root());
            return 0;
        }
        printNotices(client);
        try (client) {
            client.send(new Request.Kill(), e -> { });
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
