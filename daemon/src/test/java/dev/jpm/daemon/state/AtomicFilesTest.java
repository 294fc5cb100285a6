package dev.jpm.daemon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A durable file is the owner's only, whatever the umask: state.json may hold the caller's secrets (--update-env). */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileIsOwnerOnly() throws Exception {
        Path state = dir.resolve("state.json");
        AtomicFiles.write(state, "{\"callerEnv\":{\"TOKEN\":\"s3cret\"}}\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals("{\"callerEnv\":{\"TOKEN\":\"s3cret\"}}\n", Files.readString(state));
    }
}
