package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.NumberedLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jpm verifies its home instead of trusting it (DESIGN.md decision 12): a home open to others,
 * a planted symlink for an instance log or for daemon.log, are refused with exit 9 and the path
 * named, and no byte outside the home is written, emptied or truncated through them.
 */
class UnsafeHomeIT {
    private static final int UNSAFE_PATH = 9;

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    /** Stands for a file of someone else's, outside the home, that a planted link points to. */
    private Path outside;
    private byte[] outsideBytes;

    @BeforeEach
    void plantTarget() throws IOException {
        outside = Files.createTempFile(Path.of("/tmp"), "jpm-outside-", ".dat");
        // 2.7 MB, past any log_max_size below: rotation of the link used to truncate it
        outsideBytes = new byte[2_700_000];
        new Random(42).nextBytes(outsideBytes);
        Files.write(outside, outsideBytes);
    }

    @AfterEach
    void removeTarget() throws IOException {
        Files.deleteIfExists(outside);
    }

    @Test
    void aHomeOpenToOthersIsRefusedNotChmodded() throws Exception {
        Files.setPosixFilePermissions(jpm.home(), PosixFilePermissions.fromString("rwxrwxrwx"));

        JpmHarness.Result r = jpm.jpm("list");

        assertEquals(UNSAFE_PATH, r.exitCode(), r.err());
        assertTrue(r.err().contains(jpm.home() + " is writable by others"), r.err());
        assertTrue(r.err().contains("chmod 700 " + jpm.home()), "the fix is named: " + r.err());
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(jpm.home())));
        assertFalse(Files.exists(jpm.home().resolve("daemon.pid")), "no daemon started");
        Files.setPosixFilePermissions(jpm.home(), PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aSymlinkedDaemonLogIsRefusedBeforeTheDaemonWritesThroughIt() throws Exception {
        Path daemonLog = jpm.home().resolve("daemon.log");
        Files.createSymbolicLink(daemonLog, outside);

        JpmHarness.Result r = jpm.jpm("list");

        assertEquals(UNSAFE_PATH, r.exitCode(), r.err());
        assertTrue(r.err().contains(daemonLog + " is a symlink"), r.err());
        assertArrayEquals(outsideBytes, Files.readAllBytes(outside), "not a byte appended to the link's target");
    }

    @Test
    void aPlantedInstanceLogLinkIsNotWrittenThrough() throws Exception {
        Path logs = Files.createDirectories(jpm.home().resolve("logs"));
        Path out = logs.resolve("counter-0-out.log");
        Files.createSymbolicLink(out, outside);

        jpm.jpm("start", ecosystem().toString());
        Thread.sleep(1_500);

        assertArrayEquals(outsideBytes, Files.readAllBytes(outside), "no instance output through the link");
        assertTrue(jpm.daemonLog().contains(out + " is a symlink"), jpm.daemonLog());
    }

    /**
     * The log is replaced by a link after the instance started (a stray {@code ln -s}, or a
     * plant from before the folder was tightened): flush, rotation and {@code logs} all refuse
     * it, the target stays byte for byte as it was, and daemon.log says so once, not each second.
     */
    @Test
    void flushRotationAndLogsRefuseALinkThatReplacedALog() throws Exception {
        jpm.jpm("start", ecosystem().toString()).expectOk();
        jpm.list();
        Path out = jpm.home().resolve("logs/counter-0-out.log");
        JpmHarness.await("the first lines", 20_000, () -> Files.exists(out) && size(out) > 0);
        Files.delete(out);
        Files.createSymbolicLink(out, outside);

        JpmHarness.Result flush = jpm.jpm("flush", "counter");
        Thread.sleep(3_500); // three rotation checks, each finds the 2.7 MB link past log_max_size
        JpmHarness.Result logs = jpm.jpm("logs", "counter", "--nostream");
        String describe = jpm.jpm("describe", "counter").expectOk().out();

        assertArrayEquals(outsideBytes, Files.readAllBytes(outside), "not emptied, not truncated by rotation");
        assertFalse(Files.exists(out.resolveSibling(out.getFileName() + ".1.gz")), "not rotated");
        assertEquals(UNSAFE_PATH, flush.exitCode(), flush.err());
        assertTrue(flush.err().contains(out + " is a symlink"), flush.err());
        assertEquals(UNSAFE_PATH, logs.exitCode(), logs.err());
        assertTrue(describe.contains("log problem") && describe.contains(out + " is a symlink"), describe);
        String daemonLog = jpm.daemonLog();
        assertEquals(1, occurrences(daemonLog, out + " is a symlink"), "once, not every second:\n" + daemonLog);
    }

    private Path ecosystem() throws IOException {
        Path jar = FixtureJars.build(jpm.home(), NumberedLines.class);
        return Files.writeString(jpm.home().resolve("ecosystem.yaml"), "apps:\n  - name: counter\n    jar: " + jar + "\n"
                + "    log_max_size: 256K\n    kill_timeout: 2s\n    max_restarts: 1\n");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
