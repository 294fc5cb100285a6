package dev.jpm.daemon.jvm;

import dev.jpm.protocol.home.PathSafety;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread dump a JVM prints to its stdout on SIGQUIT ({@code kill -3}), cut out of the
 * instance's out log: the fallback when the attach listener cannot be reached (the app runs with
 * {@code -XX:+DisableAttachMechanism}, say). The JVM writes a date line, {@code Full thread
 * dump ...}, the threads, {@code JNI global refs: ...}, any deadlocks, and a heap summary; the cut
 * starts at the date line and ends once the log has been quiet for {@value #QUIET_MS} ms after
 * the threads. Lines the app prints meanwhile are in the cut too: the log interleaves them.
 */
final class SigquitDump {
    /** The JVM prints a dump in milliseconds; this much silence after "JNI global refs" means the summary is out too. */
    private static final long QUIET_MS = 300;
    static final long DEADLINE_MS = 5_000;
    /** A dump of 10,000 threads is about 20 MB; more appended meanwhile is the app's, not the dump's. */
    private static final long MAX_CUT_BYTES = 32L * 1024 * 1024;
    static final String START = "Full thread dump ";
    static final String THREADS_END = "JNI global refs:";

    private SigquitDump() {
    }

    static String take(long pid, Path outLog) throws IOException {
        ProcStatus status = ProcStatus.read(pid);
        if (!status.catchesSigquit()) {
            throw new AttachFailure("process " + pid + " does not handle SIGQUIT (a JVM started with -Xrs?), so it would die of it", false);
        }
        PathSafety.requireSafeFile(outLog);
        long from = size(outLog);
        Signals.send("QUIT", pid);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        long lastSize = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            long size = size(outLog);
            if (size < from) {
                from = 0; // rotated meanwhile: the dump is at the start of the new file
            }
            if (size != lastSize) {
                lastSize = size;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
                String cut = cut(read(outLog, from, size));
                if (cut != null) {
                    return cut;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AttachFailure("no thread dump appeared in " + outLog + " within " + HotSpotAttach.seconds(DEADLINE_MS)
                + " of SIGQUIT" + HotSpotAttach.stoppedHint(pid), false);
    }

    /** The dump in what the log gained, from the line before "Full thread dump" when it is the JVM's date line; null while incomplete. */
    static String cut(String appended) {
        int start = appended.indexOf(START);
        if (start < 0 || appended.indexOf(THREADS_END, start) < 0) {
            return null;
        }
        int lineStart = appended.lastIndexOf('\n', start - 2) + 1;
        String before = appended.substring(lineStart, Math.max(lineStart, start - 1));
        if (start > 0 && before.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")) {
            start = lineStart;
        }
        return appended.substring(start).stripTrailing() + "\n";
    }

    private static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static String read(Path file, long from, long to) throws IOException {
        long length = Math.min(to - from, MAX_CUT_BYTES);
        byte[] bytes = new byte[(int) Math.max(0, length)];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(from);
            in.readFully(bytes);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
