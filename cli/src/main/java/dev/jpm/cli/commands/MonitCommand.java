package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonLink;
import dev.jpm.cli.client.Deadlines;
import dev.jpm.cli.monit.MonitTerminal;
import dev.jpm.protocol.JpmVersion;
import dev.jpm.protocol.wire.ExitCode;
import picocli.CommandLine.Command;

/**
 * {@code jpm monit}: a full-screen live view of every instance. It needs a terminal; scripts get
 * a pointer to {@code jpm list}. The terminal library is only loaded past that check, so no other
 * command pays for it.
 */
@Command(name = "monit", aliases = {"monitor"}, mixinStandardHelpOptions = true,
        description = "Watch every instance live: CPU with history, memory, heap, GC, threads; restart, stop, read logs.")
public final class MonitCommand extends JpmSubcommand {
    @Override
    protected int run() throws Exception {
        if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
            throw new CliFailure("monit needs an interactive terminal; in scripts use 'jpm list' (or 'jpm list --json')",
                    ExitCode.BAD_INPUT);
        }
        daemon();
        // the poll lists once a second; the keys restart or stop, which wait for instances
        try (DaemonLink poll = new DaemonLink(home(), JpmVersion.current(), deadlines(Deadlines.QUICK_MS));
                DaemonLink act = new DaemonLink(home(), JpmVersion.current(), deadlines(Deadlines.SETTLING_MS))) {
            return MonitTerminal.run(new DaemonMonitSource(home(), poll, act));
        }
    }
}
