package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.view.DumpView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpRetentionTest {
    @TempDir
    Path tmp;

    @Test
    void keepsTheNewestOfEachKindAndCountsTheJvmsOomDumpsAsHeapDumps() throws IOException {
        JpmHome home = home();
        Path folder = DumpFolder.prepare(home, "api");
        Path oldestHeap = dump(folder, "java_pid77.hprof", 1);
        Path heap2 = dump(folder, "heapdump-0-20261123-190000.hprof", 2);
        Path heap3 = dump(folder, "heapdump-1-20261123-190001.hprof", 3);
        Path heap4 = dump(folder, "heapdump-0-20261123-190002-2.hprof", 4);
        Path thread1 = dump(folder, "threaddump-0-20261123-190000.txt", 1);
        Path thread2 = dump(folder, "threaddump-0-20261123-190001.txt", 5);
        Path stranger = dump(folder, "notes.txt", 0);

        List<Path> deleted = DumpRetention.trim(home, "api", 3);

        assertEquals(List.of(oldestHeap), deleted);
        assertFalse(Files.exists(oldestHeap));
        for (Path kept : List.of(heap2, heap3, heap4, thread1, thread2, stranger)) {
            assertTrue(Files.exists(kept), kept + " kept");
        }
        DumpRetention.trim(home, "api", 1);
        assertEquals(List.of(thread2, heap4), DumpFolder.list(home, "api").stream().map(d -> Path.of(d.file())).toList());
        assertTrue(Files.exists(stranger), "a file of no known kind is never counted nor deleted");
    }

    @Test
    void aLinkPlantedInTheFolderIsNotFollowedNorCounted() throws IOException {
        JpmHome home = home();
        Path folder = DumpFolder.prepare(home, "api");
        Path elsewhere = Files.writeString(tmp.resolve("precious.hprof"), "keep me");
        Files.createSymbolicLink(folder.resolve("heapdump-0-20261123-180000.hprof"), elsewhere);
        dump(folder, "heapdump-0-20261123-190000.hprof", 2);
        dump(folder, "heapdump-0-20261123-190001.hprof", 3);

        DumpRetention.trim(home, "api", 1);

        assertEquals("keep me", Files.readString(elsewhere));
        assertEquals(1, DumpFolder.list(home, "api").size());
    }

    @Test
    void aSymlinkedDumpsFolderIsRefused() throws IOException {
        JpmHome home = home();
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(home.dumpsDir(), elsewhere);

        PathSafety.UnsafePathException e = org.junit.jupiter.api.Assertions.assertThrows(PathSafety.UnsafePathException.class,
                () -> DumpFolder.prepare(home, "api"));
        assertTrue(e.getMessage().contains(home.dumpsDir() + " is a symlink"), e.getMessage());
        assertFalse(Files.exists(elsewhere.resolve("api")));
    }

    @Test
    void newNamesNeverCollideWithinASecond() throws IOException {
        Path folder = DumpFolder.prepare(home(), "api");
        long now = 1_795_000_000_000L;
        Path first = DumpFolder.newFile(folder, DumpKind.HEAPDUMP, 4, now);
        Files.createFile(first);
        Path second = DumpFolder.newFile(folder, DumpKind.HEAPDUMP, 4, now);
        assertTrue(first.getFileName().toString().matches("heapdump-4-\\d{8}-\\d{6}\\.hprof"), first.toString());
        assertTrue(second.getFileName().toString().matches("heapdump-4-\\d{8}-\\d{6}-2\\.hprof"), second.toString());
        assertEquals(DumpKind.HEAPDUMP, DumpKind.of(second.getFileName().toString()).orElseThrow());
    }

    @Test
    void theFoldersAreOwnerOnly() throws IOException {
        JpmHome home = home();
        Path folder = DumpFolder.prepare(home, "api");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.dumpsDir())));
        List<DumpView> none = DumpFolder.list(home, "other");
        assertTrue(none.isEmpty());
    }

    private JpmHome home() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        return new JpmHome(root);
    }

    private static Path dump(Path folder, String name, long ageRank) throws IOException {
        Path file = Files.writeString(folder.resolve(name), name, java.nio.charset.StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + ageRank * 1000));
        return file;
    }
}
