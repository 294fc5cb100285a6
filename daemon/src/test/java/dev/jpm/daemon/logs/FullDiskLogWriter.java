package dev.jpm.daemon.logs;

import dev.jpm.daemon.Log;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process for {@link DaemonLogOnAFullDiskTest}: with its stdout on a full disk, logs two
 * lines, frees the disk by deleting {@code args[0]}, logs a third, and exits 0 if nothing threw.
 */
public final class FullDiskLogWriter {
    private FullDiskLogWriter() {
    }

    public static void main(String[] args) throws Exception {
        Log.warn("first, while the disk is full");
        Log.error("second, while the disk is full", new IllegalStateException("with a stack trace"));
        Files.delete(Path.of(args[0]));
        Log.info("third, with space again");
    }
}
