package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonLauncher;
import dev.jpm.cli.startup.ServiceAccount;
import dev.jpm.cli.startup.StopTimeout;
import dev.jpm.cli.startup.Systemctl;
import dev.jpm.cli.startup.UnitFile;
import dev.jpm.cli.startup.UnitLocation;
import dev.jpm.protocol.JpmVersion;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jpm startup}: a systemd unit that runs the daemon in the foreground, brings it back
 * within a second when it dies and the saved apps back at boot ({@link UnitFile} says why each
 * setting). Written, enabled and started; {@code --print} only prints it.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = "Install a systemd unit that starts jpm and the saved apps at boot and restarts the daemon if it dies.")
public final class StartupCommand extends JpmSubcommand {
    /** What the unit's daemon is told (DaemonMode): foreground for systemd, the saved apps at boot, and a wait for a detached daemon to hand over. */
    public static final List<String> SERVICE_ARGS = List.of("--foreground", "--resurrect", "--wait-for-lock");

    @ArgGroup(exclusive = true)
    ScopeChoice choice = new ScopeChoice();

    static final class ScopeChoice {
        @Option(names = "--user", description = "A unit of your own systemd (default when not root).")
        boolean user;

        @Option(names = "--system", description = "A system unit in /etc/systemd/system (default as root; needs root).")
        boolean system;
    }

    @Option(names = "--as", paramLabel = "user", description = "With --system: the account the daemon runs as (default: you).")
    String runAs;

    @Option(names = "--print", description = "Print the unit and change nothing.")
    boolean print;

    @Override
    protected int run() throws Exception {
        UnitFile.Scope scope = choice.system ? UnitFile.Scope.SYSTEM
                : choice.user ? UnitFile.Scope.USER
                : ServiceAccount.callerIsRoot() ? UnitFile.Scope.SYSTEM : UnitFile.Scope.USER;
        if (runAs != null && scope != UnitFile.Scope.SYSTEM) {
            throw new CliFailure("--as applies to a system unit (--system): a user unit runs as its user", ExitCode.BAD_INPUT);
        }
        ServiceAccount account = ServiceAccount.of(runAs, System.getenv());
        String classPath = Path.of(System.getProperty("java.class.path")).toAbsolutePath().normalize().toString();
        UnitFile unit = new UnitFile(scope, account.user(), DaemonLauncher.daemonCommand(classPath, SERVICE_ARGS), account.home(),
                StopTimeout.forSavedApps(new JpmHome(account.home()).dumpFile()), JpmVersion.current());
        if (print) {
            out().print(unit.text());
            out().flush();
            return 0;
        }
        return new UnitInstall(unit, account, out(), style()).install(launcher());
    }
}
