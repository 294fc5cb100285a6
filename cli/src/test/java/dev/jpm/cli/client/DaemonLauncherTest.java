package dev.jpm.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonLauncherTest {
    @TempDir
    Path root;

    /** On a nearly full disk a daemon that refused an unsafe path says so, not that the disk is full. */
    @Test
    void theDaemonsExitStatusComesBeforeTheFreeSpace() throws IOException {
        JpmHome home = new JpmHome(root);
        Files.writeString(home.daemonLog(), "jpm daemon cannot start: " + root + "/logs is a symlink; remove the link\n");
        DaemonLauncher launcher = new DaemonLauncher(home, "test", Deadlines.replyWithin(1_000));

        DaemonLauncher.DaemonStartException unsafe = launcher.startFailure("exited with status 9", ExitCode.UNSAFE_PATH.number(), 1_000);

        assertEquals(ErrorCode.UNSAFE_PATH, unsafe.code(), unsafe.getMessage());
        assertTrue(unsafe.getMessage().contains("logs is a symlink"), unsafe.getMessage());

        DaemonLauncher.DaemonStartException other = launcher.startFailure("exited with status 1", 1, 1_000);
        assertEquals(null, other.code(), "a likely cause, not a certain one: " + other.getMessage());
        assertTrue(other.getMessage().startsWith("exited with status 1; the disk holding"), other.getMessage());
    }
}
