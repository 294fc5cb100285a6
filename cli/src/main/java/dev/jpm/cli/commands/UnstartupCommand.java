package dev.jpm.cli.commands;

import dev.jpm.cli.startup.ServiceAccount;
import dev.jpm.cli.startup.Systemctl;
import dev.jpm.cli.startup.UnitFile;
import dev.jpm.cli.startup.UnitLocation;
import dev.jpm.protocol.JpmVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jpm unstartup}: disables and deletes the unit of {@code jpm startup}. The daemon it runs
 * is left serving (stopping it would stop every app): 'jpm kill' or 'systemctl stop' does that.
 */
@Command(name = "unstartup", mixinStandardHelpOptions = true, description = "Remove the systemd unit of 'jpm startup'.")
public final class UnstartupCommand extends JpmSubcommand {
    @ArgGroup(exclusive = true)
    StartupCommand.ScopeChoice choice = new StartupCommand.ScopeChoice();

    @Option(names = "--as", paramLabel = "user", description = "With --system: the account the unit runs as (default: you).")
    String runAs;

    @Override
    protected int run() throws Exception {
        UnitFile.Scope scope = choice.system ? UnitFile.Scope.SYSTEM
                : choice.user ? UnitFile.Scope.USER
                : ServiceAccount.callerIsRoot() ? UnitFile.Scope.SYSTEM : UnitFile.Scope.USER;
        ServiceAccount account = ServiceAccount.of(runAs, System.getenv());
        // only the name and place matter here
        UnitFile unit = new UnitFile(scope, account.user(), List.of(), account.home(), 0, JpmVersion.current());
        Path file = UnitLocation.of(unit, System.getenv());
        if (!Files.exists(file)) {
            out().println("no jpm unit at " + file);
            return 0;
        }
        Systemctl systemctl = UnitInstall.systemctl(scope);
        UnitInstall.require(systemctl.run("disable", unit.name()));
        Files.delete(file);
        UnitInstall.require(systemctl.run("daemon-reload"));
        out().println(style().green("✓ ") + "disabled and removed " + file + "; its daemon keeps serving until it exits"
                + " ('jpm kill' stops it and the apps)");
        return 0;
    }
}
