package dev.jpm.daemon;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The daemon's own log. Its stdout and stderr are appended to {@code daemon.log} by whoever
 * started it, so a line here is a line there; the CLI prints the tail of that file when a start fails.
 * Every write holds the class's lock, which the log keeper takes to rotate {@code daemon.log} losslessly.
 *
 * <p>A line that cannot be written (the disk is full) is dropped and counted, never thrown: the
 * daemon's log must not be what stops the daemon. The first line that gets through again says
 * how many were dropped. The count is guarded by the class's lock, like the writes.
 */
public final class Log {
    /** Straight to file descriptor 1, unbuffered: System.out would hide a failed write in its error flag. */
    private static final OutputStream FILE_DESCRIPTOR_1 = new FileOutputStream(FileDescriptor.out);
    /** Where lines go: file descriptor 1, except while a test captures them. Guarded by the class's lock. */
    private static OutputStream sink = FILE_DESCRIPTOR_1;
    private static long dropped;

    private Log() {
    }

    /**
     * For tests: sends the lines to {@code capture} until {@link #toFileDescriptor1()}. System.setOut
     * cannot catch them, because Log does not write through System.out.
     */
    public static synchronized void captureInto(OutputStream capture) {
        sink = capture;
    }

    public static synchronized void toFileDescriptor1() {
        sink = FILE_DESCRIPTOR_1;
    }

    public static void info(String message) {
        write("INFO ", message);
    }

    public static void warn(String message) {
        write("WARN ", message);
    }

    public static synchronized void error(String message, Throwable cause) {
        String text = message + (cause == null ? "" : ": " + cause);
        if (cause != null && !(cause instanceof JpmException)) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            text += "\n" + trace.toString().stripTrailing();
        }
        write("ERROR", text);
    }

    private static synchronized void write(String level, String message) {
        String text = Instant.now() + " " + level + " " + message + "\n";
        if (dropped > 0) {
            text = Instant.now() + " WARN  " + dropped + " lines of this log were dropped: they could not be written\n" + text;
        }
        try {
            sink.write(text.getBytes(StandardCharsets.UTF_8));
            dropped = 0;
        } catch (IOException e) {
            dropped++;
        }
    }
}
