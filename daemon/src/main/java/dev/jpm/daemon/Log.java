package dev.jpm.daemon;

import java.time.Instant;

/**
 * The daemon's own log. Its stdout and stderr are appended to {@code daemon.log} by whoever
 * started it, so a line here is a line there; the CLI prints the tail of that file when a start fails.
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

    public static void error(String message, Throwable cause) {
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
