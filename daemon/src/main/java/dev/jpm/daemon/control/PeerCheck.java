package dev.jpm.daemon.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Refuses a peer that is not this daemon's own OS user. The socket's folder is already owner-only,
 * but root passes any file permission, and whoever talks to the daemon runs programs as its user.
 *
 * <p>Users are compared by uid, never by name alone. SO_PEERCRED gives the kernel's uid of the
 * peer, and the JDK names it with getpwuid; when that lookup fails (it opens /etc/passwd or asks
 * nss, so it fails when the daemon is out of file descriptors) the JDK names the user by its
 * number, "0" instead of "root". Comparing names then refused the owner itself, exactly when the
 * daemon was under most pressure. So: a numeric name is compared with our own uid; a real name
 * equal to ours is us; any other name is compared through the principals, whose equality in the
 * JDK is the uid's.
 */
final class PeerCheck {
    private final long ownUid;
    private final UserPrincipal ownUser;

    /** Our own uid and user, read once at start from /proc/PID, which belongs to the process's effective user. */
    PeerCheck() throws IOException {
        Path self = Path.of("/proc", Long.toString(ProcessHandle.current().pid()));
        this.ownUid = ((Number) Files.getAttribute(self, "unix:uid")).longValue();
        this.ownUser = Files.getOwner(self);
    }

    /** The peer's user name (or uid) when it is not ours, else null. */
    String strangerOrNull(SocketChannel channel) throws IOException {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        UserPrincipal user = peer.user();
        return sameUser(user.getName(), ownUid, ownUser.getName()) || user.equals(ownUser) ? null : user.getName();
    }

    String ownUser() {
        return ownUser.getName();
    }

    /**
     * Whether a peer named {@code peerName} is us: by number when its name is one (the JDK's
     * name for a uid it could not look up), by name when both names were looked up.
     */
    static boolean sameUser(String peerName, long ownUid, String ownName) {
        if (!peerName.isEmpty() && peerName.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(peerName) == ownUid;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return peerName.equals(ownName);
    }
}
