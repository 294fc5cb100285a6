package dev.jpm.daemon;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    /**
     * Held while a line is written, and by {@link #whileNoLineIsWritten} (the rotation of
     * daemon.log). Private, so that no other code can take it by accident, as anyone can take
     * a class's own lock.
     */
    private static final Object WRITING = new Object();
    /** Where lines go: file descriptor 1, except while a test captures them. Guarded by {@link #WRITING}. */
    private static OutputStream sink = FILE_DESCRIPTOR_1;
    /** Guarded by {@link #WRITING}. */
    private static long dropped;

    private Log() {
    }

    /**
     * For tests: sends the lines to {@code capture} until {@link #toFileDescriptor1()}. System.setOut
     * cannot catch them, because Log does not write through System.out.
     */
    public static void captureInto(OutputStream capture) {
        synchronized (WRITING) {
            sink = capture;
        }
    }

    public static void toFileDescriptor1() {
        synchronized (WRITING) {
            sink = FILE_DESCRIPTOR_1;
        }
    }

    /**
     * A foreground daemon ({@link DaemonMode}): nobody points its stdout at daemon.log, and the
     * parent that waits on it reads its stderr (journald, a container's log; {@code jpm run} keeps
     * stdout for the apps). Each line goes to both; a line that fails on either counts as dropped.
     */
    static void toStderrAndFile(Path daemonLog) throws IOException {
        OutputStream file = new FileOutputStream(daemonLog.toFile(), true);
        OutputStream stderr = new FileOutputStream(FileDescriptor.err);
        synchronized (WRITING) {
            sink = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    IOException failure = null;
                    for (OutputStream out : new OutputStream[] {file, stderr}) {
                        try {
                            out.write(bytes, offset, length);
                        } catch (IOException e) {
                            failure = e;
                        }
                    }
                    if (failure != null) {
                        throw failure;
                    }
                }
            };
        }
    }

    /** Work on daemon.log's file itself (its rotation), which no line may interleave with. */
    public interface FileWork {
        void run() throws IOException;
    }

    /** Runs {@code work} while no line is written; a line logged meanwhile waits for it. */
    public static void whileNoLineIsWritten(FileWork work) throws IOException {
        synchronized (WRITING) {
            work.run();
        }
    }

    public static void info(String message) {
        write("INFO ", message);
    }

    public static void warn(String message) {
        write("WARN ", message);
    }

    public static void error(String message, Throwable cause) {
        String text = message + (cause == null ? "" : ": " + cause);
        if (cause != null && !(cause instanceof JpmException)) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            text += "\n" + trace.toString().stripTrailing();
        }
        write("ERROR", text);
    }

    private static void write(String level, String message) {
        synchronized (WRITING) {
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
}
