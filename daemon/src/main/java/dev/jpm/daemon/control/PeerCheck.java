package dev.jpm.daemon.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Refuses a peer that is not this daemon's own OS user. The socket's folder is already owner-only,
 * but root passes any file permission, and whoever talks to the daemon runs programs as its user.
 */
final class PeerCheck {
    private final String ownUser = System.getProperty("user.name");

    /** The peer's user name when it is not ours, else null. */
    String strangerOrNull(SocketChannel channel) throws IOException {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String user = peer.user().getName();
        return user.equals(ownUser) ? null : user;
    }

    String ownUser() {
        return ownUser;
    }
}
