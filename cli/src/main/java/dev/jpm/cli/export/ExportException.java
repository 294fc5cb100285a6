package dev.jpm.cli.export;

/** An ecosystem that cannot be exported as it is, with what to change; the CLI shows the message as a usage error. */
public final class ExportException extends Exception {
    public ExportException(String message) {
        super(message);
    }
}
