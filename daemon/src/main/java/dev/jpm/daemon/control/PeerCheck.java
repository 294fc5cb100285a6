package dev.jpm.daemon.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;

/**
 * Refuses a peer that is not this daemon's own OS user. The socket's folder is already owner-only,
 * but root passes any file permission, and whoever talks to the daemon runs programs as its user.
 *
 * <p>Users are compared by uid alone, never by name. SO_PEERCRED gives the kernel's uid of the
 * peer, and the JDK names it with getpwuid; when that lookup fails (it opens /etc/passwd or asks
 * nss, so it fails when the daemon is out of file descriptors) the JDK names the user by its
 * number, "0" instead of "root". Comparing names then refused the owner itself, exactly when the
 * daemon was under most pressure, and a name that is all digits may belong to another uid. The
 * JDK's user principals are equal exactly when their uids are, whatever names they got
 * (PeerCheckTest pins that).
 */
final class PeerCheck {
    private final UserPrincipal ownUser;

    /** Our own user, read once at start from /proc/PID, which belongs to the process's effective user. */
    PeerCheck() throws IOException {
        this(Files.getOwner(Path.of("/proc", Long.toString(ProcessHandle.current().pid()))));
    }

    PeerCheck(UserPrincipal ownUser) {
        this.ownUser = ownUser;
    }

    /** The peer's user name (or uid) when it is not ours, else null. */
    String strangerOrNull(SocketChannel channel) throws IOException {
        return strangerOrNull(channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user());
    }

    String strangerOrNull(UserPrincipal peer) {
        return peer.equals(ownUser) ? null : peer.getName();
    }

    String ownUser() {
        return ownUser.getName();
    }
}
