package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed heap dump leaves: the JVM's partial file goes, a file it refused to overwrite stays. */
class HeapDumpFailureTest {
    @TempDir
    Path dir;

    @Test
    void aFileTheJvmRefusedToCreateIsNotDeleted() throws Exception {
        Path someoneElses = Files.writeString(dir.resolve("x.hprof"), "not jpm's");
        HeapDumps.failed(someoneElses, "Unable to create " + someoneElses + ": File exists");
        assertTrue(Files.exists(someoneElses));
    }

    @Test
    void aPartialDumpIsDeleted() throws Exception {
        Path partial = Files.writeString(dir.resolve("y.hprof"), "JAVA PROFILE 1.0.2");
        HeapDumps.failed(partial, "Heap dump file created; ... No space left on device");
        assertFalse(Files.exists(partial));
    }
}
