package dev.jpm.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.ArchiveFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's own archive made from a class list by a real {@code java -Xshare:dump}, and mapped by a real JVM. */
class OwnArchiveTest {
    @TempDir
    Path folder;

    @Test
    void anArchiveIsMadeFromTheListAndAJvmMapsIt() throws Exception {
        Path jar = Files.writeString(folder.resolve("fake.jar"), "not really a jar");
        Path archive = ArchiveFiles.path(folder, ArchiveFiles.DAEMON, jar, Runtime.version().toString());
        Files.writeString(ArchiveFiles.classList(archive), "java/lang/Object\njava/lang/String\njava/util/ArrayList\n");
        Path older = Files.writeString(folder.resolve("daemon-0123456789abcdef.jsa"), "an earlier jar's");

        OwnArchive.make(archive);

        assertTrue(Files.isRegularFile(archive), "the archive is in place");
        assertFalse(Files.exists(older), "an earlier jar's archive is removed");
        assertFalse(Files.exists(ArchiveFiles.classList(archive)), "the list is done with");
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive, "-version").redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), "-Xshare:on fails when the archive cannot be mapped: " + output);
    }

    /** A failed dump leaves no archive and no partial file: the next daemon starts without one and tries again. */
    @Test
    void aFailedDumpLeavesNothingBehind() throws Exception {
        Path jar = Files.writeString(folder.resolve("fake.jar"), "x");
        Path archive = ArchiveFiles.path(folder, ArchiveFiles.DAEMON, jar, Runtime.version().toString());
        // no class list at all: java -Xshare:dump fails

        OwnArchive.make(archive);

        try (var left = Files.list(folder)) {
            assertEquals(java.util.List.of(jar), left.toList());
        }
    }
}
