package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.ArchiveFiles;
import dev.jpm.protocol.home.JavaRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One archive per app, jar version and JDK; the older ones of that app go, other apps' stay. */
class CdsArchiveTest {
    @TempDir
    Path dir;

    @Test
    void theNameChangesWithTheJarOrTheJdkAndNothingElse() throws Exception {
        Path jar = Files.writeString(dir.resolve("api.jar"), "v1");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
        Path first = ArchiveFiles.path(dir, "api", jar, "21.0.2");
        assertTrue(first.getFileName().toString().matches("api-[0-9a-f]{16}\\.jsa"), first::toString);
        assertEquals(first, ArchiveFiles.path(dir, "api", jar, "21.0.2"));
        assertNotEquals(first, ArchiveFiles.path(dir, "api", jar, "21.0.3"));

        Files.writeString(jar, "v2 is longer");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
        Path bigger = ArchiveFiles.path(dir, "api", jar, "21.0.2");
        assertNotEquals(first, bigger);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_001_000L));
        assertNotEquals(bigger, ArchiveFiles.path(dir, "api", jar, "21.0.2"));
    }

    @Test
    void olderArchivesOfTheAppAreRemovedOthersKept() throws Exception {
        Path current = Files.writeString(dir.resolve("api-0123456789abcdef.jsa"), "");
        Path older = Files.writeString(dir.resolve("api-fedcba9876543210.jsa"), "");
        Path otherApp = Files.writeString(dir.resolve("api-v2-fedcba9876543210.jsa"), "");
        Path notOurs = Files.writeString(dir.resolve("api-notes.jsa"), "");
        ArchiveFiles.removeOthers(current, "api");
        assertTrue(Files.exists(current));
        assertFalse(Files.exists(older));
        assertTrue(Files.exists(otherApp));
        assertTrue(Files.exists(notOurs));
    }

    @Test
    void onlyJdk19AndLaterMakeTheirOwnArchive() {
        assertFalse(CdsArchive.supported(JavaRelease.feature("17.0.9")));
        assertTrue(CdsArchive.supported(JavaRelease.feature("19")));
        assertTrue(CdsArchive.supported(JavaRelease.feature("25-ea")));
        assertEquals(8, JavaRelease.feature("1.8.0_392"));
        assertEquals(0, JavaRelease.feature("unknown"));
    }

    @Test
    void theVersionComesFromTheJdksReleaseFile() {
        String running = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(Runtime.version().feature(), JavaRelease.feature(JavaRelease.version(running).orElseThrow()));
        assertTrue(JavaRelease.version(dir.resolve("no-java").toString()).isEmpty());
    }
}
