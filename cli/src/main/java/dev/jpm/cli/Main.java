package dev.jpm.cli;

import picocli.CommandLine;

/** The {@code jpm} command. */
public final class Main {
    private Main() {
    }

    /** Set by the launcher while it records the classes for its class-data archive. */
    static final String TRAINING = "jpm.cds.training";

    public static void main(String[] args) throws Exception {
        if (System.getProperty(TRAINING) != null) {
            QuickList.train(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        }
        if (QuickList.handles(args)) {
            int code = QuickList.run(args, System.out, System.err);
            if (code >= 0) {
                System.exit(code);
            }
        }
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new JpmCommand());
        cmd.setUsageHelpAutoWidth(true);
        cmd.setAbbreviatedOptionsAllowed(false);
        // 'jpm run app.jar -i 2' hands its options to the start it makes, in order (RunCommand)
        cmd.getSubcommands().get("run").setUnmatchedOptionsArePositionalParams(true);
        return cmd;
    }
}
