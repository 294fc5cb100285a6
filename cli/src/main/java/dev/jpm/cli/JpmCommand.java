package dev.jpm.cli;

import dev.jpm.cli.commands.DeleteCommand;
import dev.jpm.cli.commands.DescribeCommand;
import dev.jpm.cli.commands.ExportCommand;
import dev.jpm.cli.commands.FlushCommand;
import dev.jpm.cli.commands.HeapDumpCommand;
import dev.jpm.cli.commands.JfrCommand;
import dev.jpm.cli.commands.SignalCommand;
import dev.jpm.cli.commands.ThreadDumpCommand;
import dev.jpm.cli.commands.KillCommand;
import dev.jpm.cli.commands.ListCommand;
import dev.jpm.cli.commands.MonitCommand;
import dev.jpm.cli.commands.LogsCommand;
import dev.jpm.cli.commands.PingCommand;
import dev.jpm.cli.commands.ReloadCommand;
import dev.jpm.cli.commands.ScaleCommand;
import dev.jpm.cli.commands.RestartCommand;
import dev.jpm.cli.commands.ResurrectCommand;
import dev.jpm.cli.commands.RunCommand;
import dev.jpm.cli.commands.SaveCommand;
import dev.jpm.cli.commands.StartCommand;
import dev.jpm.cli.commands.StartupCommand;
import dev.jpm.cli.commands.StopCommand;
import dev.jpm.cli.commands.UnstartupCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root: lists the commands and prints usage when called alone. */
@Command(name = "jpm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A process manager for Java applications: start jars on every core, keep them running, watch them.",
        subcommands = {
            StartCommand.class,
            ListCommand.class,
            StopCommand.class,
            RestartCommand.class,
            ReloadCommand.class,
            ScaleCommand.class,
            DeleteCommand.class,
            DescribeCommand.class,
            SaveCommand.class,
            ResurrectCommand.class,
            MonitCommand.class,
            LogsCommand.class,
            FlushCommand.class,
            ThreadDumpCommand.class,
            HeapDumpCommand.class,
            JfrCommand.class,
            SignalCommand.class,
            PingCommand.class,
            KillCommand.class,
            ExportCommand.class,
            RunCommand.class,
            StartupCommand.class,
            UnstartupCommand.class
        })
public final class JpmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Global: accepted before the command or after it; JpmSubcommand reads it (as a string, parsed there). */
    @Option(names = "--timeout", paramLabel = "<duration>", scope = ScopeType.INHERIT,
            description = "How long to wait for the daemon to answer (e.g. 30s, 2m). Default: 10s for quick commands,"
                    + " 60s for stop/delete/kill, 180s of silence for commands that wait for instances.")
    String timeout;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command, e.g. 'jpm start ecosystem.yaml' or 'jpm list'");
    }
}
