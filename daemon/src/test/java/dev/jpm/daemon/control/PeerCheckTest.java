package dev.jpm.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may control the daemon: its own uid, whatever name the JDK found for it, and nobody else. */
class PeerCheckTest {
    private static final UserPrincipalLookupService USERS = FileSystems.getDefault().getUserPrincipalLookupService();

    private final Path proc = Path.of("/proc", Long.toString(ProcessHandle.current().pid()));

    @Test
    void ourOwnUidIsUsEvenWhenItsNameCouldNotBeLookedUp() throws IOException {
        long ownUid = ((Number) Files.getAttribute(proc, "unix:uid")).longValue();
        PeerCheck check = new PeerCheck(Files.getOwner(proc));
        // what the JDK gives for a uid whose getpwuid failed (out of descriptors): the number as the name
        UserPrincipal byNumber = USERS.lookupPrincipalByName(Long.toString(ownUid));
        assertNull(check.strangerOrNull(byNumber));
        assertNull(check.strangerOrNull(Files.getOwner(proc)));
    }

    @Test
    void anotherUidIsAStrangerWhateverItsNameLooksLike() throws IOException {
        UserPrincipal nobody = USERS.lookupPrincipalByName("nobody");
        assumeTrue(!nobody.equals(Files.getOwner(proc)), "this test runs as another user than nobody");
        PeerCheck check = new PeerCheck(Files.getOwner(proc));
        assertEquals("nobody", check.strangerOrNull(nobody));
        // all digits, yet not our uid: the name says nothing about the uid
        UserPrincipal digitsOfAnotherUid = USERS.lookupPrincipalByName("65534");
        assertEquals("65534", check.strangerOrNull(digitsOfAnotherUid));
        // and a numeric own name is no reason to take a digit-named peer of another uid for us
        PeerCheck ownedBy1000 = new PeerCheck(USERS.lookupPrincipalByName("1000"));
        assertEquals("1001", ownedBy1000.strangerOrNull(USERS.lookupPrincipalByName("1001")));
    }

    @Test
    void aConnectionFromThisProcessIsOurs(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("peer.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                    SocketChannel accepted = server.accept()) {
                assertNull(new PeerCheck().strangerOrNull(accepted));
            }
        }
    }
}
