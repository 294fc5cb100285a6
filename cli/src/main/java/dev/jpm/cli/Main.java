package dev.jpm.cli;

import picocli.CommandLine;

/** The {@code jpm} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new JpmCommand());
        cmd.setUsageHelpAutoWidth(true);
        cmd.setAbbreviatedOptionsAllowed(false);
        return cmd;
    }
}
