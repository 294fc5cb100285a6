package dev.jpm.cli.commands;

/** A failure to report to the user in one line, with the exit code it maps to. */
public class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
