package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonClient;
import dev.jpm.cli.client.DaemonLauncher;
import dev.jpm.cli.render.Style;
import dev.jpm.cli.startup.ServiceAccount;
import dev.jpm.cli.startup.Systemctl;
import dev.jpm.cli.startup.UnitFile;
import dev.jpm.cli.startup.UnitLocation;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.ExitCode;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts the unit of {@code jpm startup} in place: writes it, enables and starts it, and hands the
 * apps of a daemon already running (started by a CLI command) over to the service without
 * stopping them: that daemon is sent SIGTERM, on which a detached daemon exits and leaves its
 * instances running, and the service's daemon, waiting for the home's lock, adopts them.
 */
final class UnitInstall {
    /** The service's daemon answers within a second of taking the lock; this bounds a broken start. */
    private static final long ANSWER_TIMEOUT_MS = 20_000;

    private final UnitFile unit;
    private final ServiceAccount account;
    private final PrintWriter out;
    private final Style style;

    UnitInstall(UnitFile unit, ServiceAccount account, PrintWriter out, Style style) {
        this.unit = unit;
        this.account = account;
        this.out = out;
        this.style = style;
    }

    static Systemctl systemctl(UnitFile.Scope scope) {
        Systemctl systemctl = Systemctl.find(scope);
        if (systemctl == null) {
            throw new CliFailure("systemctl not found: this machine does not run systemd. 'jpm startup --print' writes the"
                    + " unit to stdout to install by hand; in a container, run 'jpm run ecosystem.yaml' as its command",
                    ExitCode.BAD_INPUT);
        }
        return systemctl;
    }

    static void require(Systemctl.Outcome outcome) {
        if (!outcome.ok()) {
            throw new CliFailure(outcome.command() + " failed: " + outcome.output()
                    + " ('jpm startup --print' shows the unit without installing it)", ExitCode.INTERNAL);
        }
    }

    int install(DaemonLauncher launcher) throws Exception {
        Systemctl systemctl = systemctl(unit.scope());
        if (unit.scope() == UnitFile.Scope.SYSTEM && !ServiceAccount.callerIsRoot()) {
            throw new CliFailure("a system unit goes in /etc/systemd/system, which needs root: 'sudo jpm startup --system"
                    + " --as " + account.user() + "', or 'jpm startup --user' for a unit of your own", ExitCode.BAD_INPUT);
        }
        Path file = UnitLocation.of(unit, System.getenv());
        Files.createDirectories(file.getParent());
        Files.writeString(file, unit.text());
        Systemctl.Outcome reloaded = systemctl.run("daemon-reload");
        if (!reloaded.ok()) {
            // no manager to talk to (no systemd running, no user session bus): leave nothing behind
            Files.deleteIfExists(file);
            require(reloaded);
        }
        require(systemctl.run("enable", "--now", unit.name()));
        out.println(style.green("✓ ") + "wrote " + file + ", enabled and started " + unit.name());
        if (account.user().equals(System.getProperty("user.name"))) {
            handOver(launcher, systemctl);
        }
        if (!Files.exists(new JpmHome(account.home()).dumpFile())) {
            out.println("  nothing is saved yet: start your apps, then 'jpm save' chooses what comes back at boot");
        }
        if (unit.scope() == UnitFile.Scope.USER && !Files.exists(Path.of("/var/lib/systemd/linger", account.user()))) {
            out.println("  your user units start at boot only with lingering on; run: loginctl enable-linger " + account.user());
        }
        return 0;
    }

    /** Moves the apps of a daemon started outside systemd under the service's, and waits until that one answers. */
    private void handOver(DaemonLauncher launcher, Systemctl systemctl) throws Exception {
        long deadline = System.currentTimeMillis() + ANSWER_TIMEOUT_MS;
        boolean askedToStepAside = false;
        while (System.currentTimeMillis() < deadline) {
            long service = mainPid(systemctl);
            Long answering = answeringPid(launcher);
            if (answering != null && answering == service) {
                out.println("  the service's daemon (pid " + service + ") runs the apps of " + account.home());
                return;
            }
            if (answering != null && !askedToStepAside) {
                // a detached daemon exits on SIGTERM and leaves its instances for the next daemon (StopSignals)
                ProcessHandle.of(answering).ifPresent(ProcessHandle::destroy);
                out.println("  handing the apps of the daemon pid " + answering + " over to the service (they keep running)");
                askedToStepAside = true;
            }
            Thread.sleep(100);
        }
        out.println(style.yellow("! ") + "the service has not answered yet; see: systemctl " + (unit.scope() == UnitFile.Scope.USER
                ? "--user " : "") + "status " + unit.name());
    }

    private long mainPid(Systemctl systemctl) throws IOException, InterruptedException {
        Systemctl.Outcome shown = systemctl.run("show", "-p", "MainPID", "--value", unit.name());
        try {
            return shown.ok() ? Long.parseLong(shown.output().trim()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Long answeringPid(DaemonLauncher launcher) throws IOException {
        try (DaemonClient client = launcher.connectIfRunning()) {
            if (client == null) {
                return null;
            }
            Results.Pong pong = JpmSubcommand.okResult(client.send(new Request.Ping(), e -> { }));
            return pong.pid();
        }
    }
}
