package dev.jpm.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

    /** The native-heap trim is asked only of JVMs that know the option: an older one would refuse to start. */
    @Test
    void theNativeTrimIsAskedOfJvmsThatHaveIt() {
        assertFalse(DaemonLauncher.trimsNativeHeap(Runtime.Version.parse("17.0.8")));
        assertTrue(DaemonLauncher.trimsNativeHeap(Runtime.Version.parse("17.0.9")));
        assertFalse(DaemonLauncher.trimsNativeHeap(Runtime.Version.parse("20.0.2")));
        assertFalse(DaemonLauncher.trimsNativeHeap(Runtime.Version.parse("21")));
        assertTrue(DaemonLauncher.trimsNativeHeap(Runtime.Version.parse("21.0.1")));
        assertTrue(DaemonLauncher.trimsNativeHeap(Runtime.Version.parse("25")));
    }

    /** The table above against the JVM running the tests: it starts with the option when the table says so. */
    @Test
    void thisJvmAgreesWithTheTable() throws Exception {
        Process java = new ProcessBuilder(DaemonLauncher.javaBinary(), DaemonLauncher.NATIVE_TRIM_OPTION, "-version")
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(30, TimeUnit.SECONDS));
        assertEquals(DaemonLauncher.trimsNativeHeap(Runtime.version()), java.exitValue() == 0, output);
    }

    /** A daemon without its archive lists its classes and is asked to make it; once made, the next maps it. */
    @Test
    void theDaemonsArchiveIsAskedForThenMapped() throws IOException {
        JpmHome home = new JpmHome(root.resolve("home"));
        Path jar = Files.writeString(root.resolve("jpm.jar"), "a jar");

        java.util.List<String> first = DaemonLauncher.archiveOptions(home, jar.toString());
        assertEquals(2, first.size(), first.toString());
        assertTrue(first.get(0).startsWith("-XX:DumpLoadedClassList=" + home.cdsDir().resolve("jpm")), first.toString());
        String archive = first.get(1).substring(first.get(1).indexOf('=') + 1);
        Files.writeString(Path.of(archive), "made");

        assertEquals(java.util.List.of("-XX:SharedArchiveFile=" + archive, "-XX:+VerifySharedSpaces"), DaemonLauncher.archiveOptions(home, jar.toString()));
        assertEquals(java.util.List.of(), DaemonLauncher.archiveOptions(home, jar + java.io.File.pathSeparator + jar), "not one jar");
    }

    /** A planted link in place of the cds folder: no archive (the daemon starts without one), nothing written through the link. */
    @Test
    void aLinkedCdsFolderGetsNoArchive() throws IOException {
        JpmHome home = new JpmHome(root.resolve("home"));
        Files.createDirectories(home.root());
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(home.cdsDir(), elsewhere);
        Path jar = Files.writeString(root.resolve("jpm.jar"), "a jar");

        assertEquals(java.util.List.of(), DaemonLauncher.archiveOptions(home, jar.toString()));
        try (var inside = Files.list(elsewhere)) {
            assertEquals(0, inside.count());
        }
    }
}
