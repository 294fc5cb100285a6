package dev.jpm.daemon;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * Prepares a jpm home: the folder is owner-only (0700) because whoever can reach the socket can
 * make the daemon run any program as its user, and whoever can write into it can plant links
 * that make the daemon write elsewhere ({@link PathSafety} says why the folders are the check).
 */
final class HomeFolder {
    private HomeFolder() {
    }

    static void prepare(JpmHome home, DaemonMode mode) throws IOException {
        PathSafety.preparePrivateFolders(home);
        // a detached daemon's stdout is already daemon.log, opened by whoever started us (the CLI checks it
        // first); this refuses to go on when the daemon was started some other way onto a planted link
        PathSafety.requireSafeFile(home.daemonLog());
        if (mode.foreground()) {
            // nobody opened it for us: open it as the CLI would, owner-only and never through a link
            if (!Files.exists(home.daemonLog(), LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(home.daemonLog(), PathSafety.ownerOnlyFile());
            }
            Log.toStderrAndFile(home.daemonLog());
        }
    }
}
