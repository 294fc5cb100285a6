package dev.jpm.protocol.home;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathSafetyTest {
    @TempDir
    Path dir;

    @Test
    void aMissingHomeIsCreatedOwnerOnlyWithItsLogsFolder() throws IOException {
        JpmHome home = new JpmHome(dir.resolve("new-home"));

        PathSafety.preparePrivateFolders(home);

        assertEquals("rwx------", mode(home.root()));
        assertEquals("rwx------", mode(home.logsDir()));
    }

    @Test
    void aHomeOpenToOthersIsRefusedAndLeftAsItWas() throws IOException {
        Path root = Files.createDirectory(dir.resolve("open-home"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));

        PathSafety.UnsafePathException e = assertThrows(PathSafety.UnsafePathException.class,
                () -> PathSafety.preparePrivateFolders(new JpmHome(root)));

        assertEquals(root, e.path());
        assertTrue(e.getMessage().contains(root + " is writable by others"), e.getMessage());
        assertEquals("rwxrwxrwx", mode(root), "never silently chmod-ed");
    }

    @Test
    void aSymlinkedHomeOrLogsFolderIsRefused() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThrows(PathSafety.UnsafePathException.class, () -> PathSafety.preparePrivateFolders(new JpmHome(link)));

        Path root = Files.createDirectory(dir.resolve("home"));
        Files.createSymbolicLink(root.resolve("logs"), real);
        PathSafety.UnsafePathException e = assertThrows(PathSafety.UnsafePathException.class,
                () -> PathSafety.preparePrivateFolders(new JpmHome(root)));
        assertEquals(root.resolve("logs"), e.path());
    }

    @Test
    void aHomeOfAnotherUserIsRefused() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a folder away");
        Path root = Files.createDirectory(dir.resolve("theirs"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        UserPrincipal nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(root, nobody);

        PathSafety.UnsafePathException e = assertThrows(PathSafety.UnsafePathException.class,
                () -> PathSafety.preparePrivateFolders(new JpmHome(root)));
        assertTrue(e.getMessage().contains("belongs to user 'nobody'"), e.getMessage());
    }

    @Test
    void aFileIsSafeWhenAbsentOrOursAndClosedToOthers() throws IOException {
        assertDoesNotThrow(() -> PathSafety.requireSafeFile(dir.resolve("absent.log")));
        Path ours = Files.createFile(dir.resolve("ours.log"), PathSafety.ownerOnlyFile());
        assertDoesNotThrow(() -> PathSafety.requireSafeFile(ours));

        Files.setPosixFilePermissions(ours, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThrows(PathSafety.UnsafePathException.class, () -> PathSafety.requireSafeFile(ours));

        Path link = Files.createSymbolicLink(dir.resolve("link.log"), Files.createFile(dir.resolve("target")));
        PathSafety.UnsafePathException e = assertThrows(PathSafety.UnsafePathException.class,
                () -> PathSafety.requireSafeFile(link));
        assertTrue(e.getMessage().contains(link + " is a symlink"), e.getMessage());
    }

    @Test
    void aHomeInAFolderOthersMayWriteIsRefusedUnlessThatFolderIsSticky() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThrows(PathSafety.UnsafePathException.class, () -> PathSafety.requireSafeAncestors(open.resolve("home"), "JPM_HOME"));

        Files.setAttribute(open, "unix:mode", 01777);
        assertDoesNotThrow(() -> PathSafety.requireSafeAncestors(open.resolve("home"), "JPM_HOME"));
    }

    /** A log hard-linked to, say, ~/.bashrc would have jpm append into and truncate that file. */
    @Test
    void aFileWithAnotherHardLinkIsRefused() throws IOException {
        Path log = Files.createFile(dir.resolve("ours.log"), PathSafety.ownerOnlyFile());
        Files.createLink(dir.resolve("bashrc"), log);

        PathSafety.UnsafePathException e = assertThrows(PathSafety.UnsafePathException.class,
                () -> PathSafety.requireSafeFile(log));

        assertTrue(e.getMessage().contains(log + " has 2 hard links"), e.getMessage());
    }

    /** JPM_HOME=~/link/jpm with ~/link pointing into a folder others may write: that folder is checked too. */
    @Test
    void theFoldersAboveWhereALinkedPathLeadsAreChecked() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path x = Files.createDirectory(shared.resolve("x"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(dir.resolve("link"), x);

        PathSafety.UnsafePathException e = assertThrows(PathSafety.UnsafePathException.class,
                () -> PathSafety.preparePrivateFolders(new JpmHome(link.resolve("jpm"))));

        assertEquals(shared, e.path());
        assertFalse(Files.exists(x.resolve("jpm")), "nothing created in a folder that fails the check");
    }

    /**
     * Ownership is a uid, not a name: when the name lookup fails (no free descriptor, NSS down;
     * here, a uid with no passwd entry) the JDK names the owner by number, and comparing names
     * refused the user's own folder.
     */
    @Test
    void aFolderOfOursPassesEvenWhenOurUidHasNoName() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can run a JVM as another uid");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        int nameless = 54_321;
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path folder = Files.createDirectory(dir.resolve("theirs"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(folder, "unix:uid", nameless);
        String classPath = location(PathSafety.class) + ":" + location(RequirePrivateFolderMain.class);
        Process check = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + nameless, "--regid=" + nameless, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:off", "-cp", classPath,
                RequirePrivateFolderMain.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        try {
            assertTrue(check.waitFor(60, TimeUnit.SECONDS), "the check finishes");
            String output = new String(check.getInputStream().readAllBytes());
            assertEquals(0, check.exitValue(), output);
        } finally {
            check.destroyForcibly();
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
