package dev.jpm.daemon.logs;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The checks every log file passes before jpm opens, rotates, empties or streams it, wherever
 * it is. In {@code JPM_HOME/logs} the folder was verified once at start; a file the user put
 * elsewhere ({@code out_file}) has its folder verified each time too, since jpm did not make
 * that folder and cannot know who changed it since ({@link PathSafety#requireSafeLogFolder}).
 */
public final class LogFiles {
    private LogFiles() {
    }

    /** Refuses, with the path and the fix named, a log file or a folder of it that is not safe to write. */
    public static void requireSafe(JpmHome home, Path file) throws IOException {
        if (!file.getParent().equals(home.logsDir())) {
            if (!Files.exists(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                return; // no folder yet (the instance never launched), so no file: as PathSafety says of an absent file
            }
            PathSafety.requireSafeLogFolder(file.getParent());
        }
        PathSafety.requireSafeFile(file);
    }

    /**
     * The file an instance's output is appended to, checked and, when new, created owner-only by
     * us. {@code appendTo} follows symlinks and Java has no O_NOFOLLOW for it: this check is what
     * keeps it from appending through one, and the safe folder keeps anyone else from swapping the
     * file afterwards. A missing folder outside the home is created owner-only.
     */
    public static Path prepare(JpmHome home, Path file) throws IOException {
        if (!file.getParent().equals(home.logsDir()) && !Files.exists(file.getParent())) {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        requireSafe(home, file);
        try {
            Files.createFile(file, PathSafety.ownerOnlyFile());
        } catch (FileAlreadyExistsException e) {
            // checked above: appended to
        }
        return file;
    }
}
