package dev.jpm.daemon.state;

import dev.jpm.protocol.home.PathSafety;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Durable files are replaced, never rewritten in place: temp file, fsync, rename, fsync of the
 * folder. A crash at any moment leaves either the old file or the new one, never half of each
 * (DESIGN.md decision 11).
 *
 * <p>The temp file has a fixed name, {@code <file>.tmp}: a crash between its creation and the
 * rename leaves exactly one, which the next write reuses, instead of a new random litter file per
 * crash. One writer per file is the caller's promise (the supervisor's thread owns
 * {@code state.json}, the request handler {@code dump.json}, start-up the pid file).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The temp file {@link #write} uses for {@code target}. */
    public static Path tempFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    public static void write(Path target, String content) throws IOException {
        Path temp = tempFor(target);
        // owner-only as every file jpm makes in a home: state.json carries the caller's whole environment
        // after --update-env (tokens, passwords), and a copy of the home must not open it to others
        try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), PathSafety.ownerOnlyFile())) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            if (Files.isRegularFile(temp)) {
                Files.deleteIfExists(temp);
            }
        }
        syncFolder(target.toAbsolutePath().getParent());
    }

    /** The rename is only durable once the folder's entry is on disk; without this a power cut may undo it. */
    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
