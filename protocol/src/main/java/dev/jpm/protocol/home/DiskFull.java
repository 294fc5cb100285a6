package dev.jpm.protocol.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a full disk from other write failures. Java reports ENOSPC and EDQUOT only as an
 * IOException whose message is the C library's text, so the text is what there is to go by;
 * the free space of the file system is the second opinion a caller with time to ask uses.
 */
public final class DiskFull {
    /** Below this the daemon cannot write its pid file, state.json or a log line: a few pages. */
    public static final long NEARLY_FULL_BYTES = 64 * 1024;

    private DiskFull() {
    }

    /** Whether {@code e}, or what caused it, is ENOSPC ("No space left on device") or EDQUOT. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (t instanceof IOException && message != null
                    && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Bytes the current user may still write on the file system holding {@code path}; -1 when unknown. */
    public static long usableBytes(Path path) {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
