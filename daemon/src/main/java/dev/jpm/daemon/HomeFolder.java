package dev.jpm.daemon;

import dev.jpm.protocol.home.JpmHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Prepares a jpm home: the folder is owner-only (0700) because whoever can reach the socket can
 * make the daemon run any program as its user.
 */
final class HomeFolder {
    private HomeFolder() {
    }

    static void prepare(JpmHome home) throws IOException {
        createPrivate(home.root());
        createPrivate(home.logsDir());
    }

    private static void createPrivate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}
