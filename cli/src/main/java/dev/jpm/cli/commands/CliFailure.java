package dev.jpm.cli.commands;

import dev.jpm.protocol.wire.ExitCode;

/** A failure to report to the user in one line, with the exit code it maps to. */
public class CliFailure extends RuntimeException {
    private final ExitCode exit;

    public CliFailure(String message, ExitCode exit) {
        super(message);
        this.exit = exit;
    }

    public ExitCode exit() {
        return exit;
    }
}
