package dev.jpm.daemon.jvm;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.home.DiskFull;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Events;
import dev.jpm.protocol.wire.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code jpm heapdump}: the attach operation {@code dumpheap <file> -live|-all}, which the JVM
 * writes itself (O_CREAT|O_EXCL, mode 0600: a link planted at the name is refused, not followed).
 * The listener answers only when the file is complete, so the wait is judged by the file: it must
 * start within {@value #FIRST_BYTES_MS} ms (a {@code -live} dump runs a full GC first) and then
 * never stop growing for {@value #STALL_MS} ms; meanwhile its size goes to the client every second.
 */
final class HeapDumps {
    static final long FIRST_BYTES_MS = 120_000;
    static final long STALL_MS = 60_000;
    /** A JVM stopped by SIGSTOP writes nothing until SIGCONT; waiting the whole stall limit for it would tell nothing more. */
    static final long STOPPED_MS = 10_000;
    private static final long PROGRESS_EVERY_MS = 1_000;
    /** HotSpot 17's own words on success; anything else in the answer is its reason for failing. */
    static final String CREATED = "Heap dump file created";

    private HeapDumps() {
    }

    /**
     * Dumps one instance into {@code output}, or a new file in its app's folder when null; retention
     * is applied to the folder afterwards (a file of the user's choosing is theirs to keep).
     */
    static Results.DumpTaken take(JpmHome home, InstanceSnapshot instance, boolean live, Path output, int retain, long nowMillis,
            Consumer<Record> events) {
        Path file = null;
        try {
            if (instance.pid() == null) {
                throw new JpmException(ErrorCode.CONFLICT, "not running (" + instance.status().name().toLowerCase() + ")");
            }
            file = output != null ? output
                    : DumpFolder.newFile(DumpFolder.prepare(home, instance.app()), DumpKind.HEAPDUMP, instance.id(), nowMillis);
            AttachReply reply = HotSpotAttach.execute(instance.pid(),
                    new AttachRequest("dumpheap", List.of(file.toString(), live ? "-live" : "-all")),
                    growing(file, instance.id(), instance.pid(), events));
            String said = reply.output().trim().replaceAll("\\s*\\n\\s*", "; ");
            if (!reply.ok() || !said.contains(CREATED)) {
                throw failed(file, said.isEmpty() ? "status " + reply.status() : said);
            }
            long bytes = Files.size(file);
            events.accept(new Events.DumpProgress(instance.id(), file.toString(), bytes));
            if (output == null) {
                DumpRetention.trim(home, instance.app(), retain);
            }
            return new Results.DumpTaken(instance.id(), instance.app(), instance.index(), file.toString(), bytes, said, null, null);
        } catch (IOException | RuntimeException e) {
            InstanceFailure failure = InstanceFailure.of(e);
            return new Results.DumpTaken(instance.id(), instance.app(), instance.index(), file == null ? null : file.toString(), 0,
                    null, failure.message(), failure.code().wireName());
        }
    }

    /**
     * The JVM's reason; an incomplete file is removed, since no tool can read it and it holds the
     * space the disk lacks. One the JVM refused to create ("File exists": made by someone else
     * after jpm looked, as -o's check cannot close that gap) is not the JVM's, and stays.
     */
    static JpmException failed(Path file, String said) throws IOException {
        boolean full = said.contains("No space left on device") || said.contains("Disk quota exceeded");
        if (!said.contains("File exists") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(file);
        }
        if (full) {
            return new JpmException(ErrorCode.STORAGE, "the disk holding " + file.getParent() + " is full ("
                    + DiskFull.usableBytes(file.getParent()) + " bytes free): the heap dump did not fit and was removed; the JVM said: " + said);
        }
        return new JpmException(ErrorCode.UNRESPONSIVE, "the JVM did not write the heap dump: " + said);
    }

    /**
     * Patience while the file grows: a progress event every second, and an end once it stalls or
     * the JVM has been stopped for {@value #STOPPED_MS} ms. Called on the request's thread only,
     * which owns {@code last}.
     */
    private static HotSpotAttach.Patience growing(Path file, int id, long pid, Consumer<Record> events) {
        long started = System.nanoTime();
        long[] last = {-1, started, 0, 0}; // size, when it last changed, when progress was last sent, when first seen stopped
        return () -> {
            long now = System.nanoTime();
            long size = size(file);
            if (!stopped(pid)) {
                last[3] = 0;
            } else if (last[3] == 0) {
                last[3] = now;
            } else if (now - last[3] > TimeUnit.MILLISECONDS.toNanos(STOPPED_MS)) {
                return "did not come: the JVM has been stopped for " + HotSpotAttach.seconds(STOPPED_MS);
            }
            if (size != last[0]) {
                last[0] = size;
                last[1] = now;
            }
            if (now - last[2] >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_EVERY_MS)) {
                events.accept(new Events.DumpProgress(id, file.toString(), Math.max(0, size)));
                last[2] = now;
            }
            long quietMs = TimeUnit.NANOSECONDS.toMillis(now - last[1]);
            if (size <= 0 && quietMs > FIRST_BYTES_MS) {
                return "did not come, and " + file + " was not begun, within " + HotSpotAttach.seconds(FIRST_BYTES_MS);
            }
            if (size > 0 && quietMs > STALL_MS) {
                return "did not come, and " + file + " stopped growing at " + size + " bytes for " + HotSpotAttach.seconds(STALL_MS);
            }
            return null;
        };
    }

    private static boolean stopped(long pid) {
        try {
            return ProcStatus.read(pid).stopped();
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
