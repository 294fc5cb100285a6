package dev.jpm.daemon.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerCheckTest {
    @Test
    void aNumericNameIsTheUidThatCouldNotBeLookedUpAndIsComparedByNumber() {
        assertTrue(PeerCheck.sameUser("0", 0, "root"));
        assertTrue(PeerCheck.sameUser("1000", 1000, "alice"));
        assertFalse(PeerCheck.sameUser("1001", 1000, "alice"));
    }

    @Test
    void namesThatWereLookedUpAreComparedAsNames() {
        assertTrue(PeerCheck.sameUser("alice", 1000, "alice"));
        assertFalse(PeerCheck.sameUser("mallory", 1000, "alice"));
    }

    @Test
    void ourOwnNameMayBeNumericToo() {
        assertTrue(PeerCheck.sameUser("0", 0, "0"));
        assertFalse(PeerCheck.sameUser("99999999999999999999", 0, "root"));
    }
}
