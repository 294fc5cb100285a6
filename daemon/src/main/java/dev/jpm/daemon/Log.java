package dev.jpm.daemon;

import java.time.Instant;

/**
 * The daemon's own log. Its stdout and stderr are appended to {@code daemon.log} by whoever
 * started it, so a line here is a line there; the CLI prints the tail of that file when a start fails.
 * Every write holds the class's lock, which the log keeper takes to rotate {@code daemon.log} losslessly.
 */
public final class Log {
    private Log() {
    }

    public static void info(String message) {
        write("INFO ", message);
    }

    public static void warn(String message) {
        write("WARN ", message);
    }

    /** Synchronized like {@link #write}, so the stack trace too stays out of a rotation's pause. */
    public static synchronized void error(String message, Throwable cause) {
        write("ERROR", message + (cause == null ? "" : ": " + cause));
        if (cause != null && !(cause instanceof JpmException)) {
            cause.printStackTrace(System.out);
        }
    }

    private static synchronized void write(String level, String message) {
        System.out.println(Instant.now() + " " + level + " " + message);
        System.out.flush();
    }
}
