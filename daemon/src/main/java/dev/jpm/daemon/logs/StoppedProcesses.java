package dev.jpm.daemon.logs;

import dev.jpm.daemon.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * An instance's process and its descendants as the writers of its log files, held still with
 * SIGSTOP and let go with SIGCONT.
 *
 * <p>Why stop them: the OS appends their output straight to the file (DESIGN.md decision 4), and
 * nothing can truncate a file "only if nothing was appended since I last read it". Without a
 * pause, whatever a writer appends between rotation's last read and its truncate is lost, and
 * that gap is not microseconds: a GC pause or a preemption of the rotating thread widens it to
 * milliseconds, which lost thousands of lines per rotation in a measurement with a fast writer.
 * Stopped, the writers lose nothing; a write already under way finishes before its thread stops.
 * The pause lasts the compression of the bytes appended since the last running pass, an fsync of
 * the archive's tail, a rename and a truncate, plus the two {@code kill} calls, once per rotation:
 * 1 to 8 ms in RotatorTest's fast writer on a loaded 2-core machine (the fsync is most of it), up
 * to 70 ms for the first, cold rotation of a writer that outruns the compression.
 *
 * <p>Java has no API to send SIGSTOP, so {@code kill} does. If the daemon died in the middle, the
 * processes would stay stopped: the next daemon sends SIGCONT to every instance it re-adopts
 * and its descendants ({@link #resume}).
 */
final class StoppedProcesses implements Writers {
    /** Longer than any thread takes to leave a write; past it we rotate anyway and say so. */
    private static final long STOP_WAIT_MS = 2_000;
    /** The first wait before sending SIGCONT again; it doubles up to {@link #MAX_RETRY_MS}. */
    private static final long FIRST_RETRY_MS = 10;
    /** A stopped app serves nothing: at least one attempt a second, and so one ERROR line a second at most. */
    private static final long MAX_RETRY_MS = 1_000;

    /** How a {@code kill} command is started: a seam, so that a test can fail it as EMFILE or ENOMEM would. */
    interface Spawner {
        Spawner PROCESS_BUILDER = command -> new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();

        Process start(List<String> command) throws IOException;
    }

    private final long pid;
    private final Spawner spawner;

    StoppedProcesses(long pid) {
        this(pid, Spawner.PROCESS_BUILDER);
    }

    StoppedProcesses(long pid, Spawner spawner) {
        this.pid = pid;
        this.spawner = spawner;
    }

    @Override
    public void whileQuiet(IoAction action) throws IOException {
        Optional<ProcessHandle> root = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (root.isEmpty()) {
            action.run();
            return;
        }
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        root.get().descendants().forEach(p -> pids.add(p.pid()));
        try {
            signal(spawner, "STOP", pids);
        } catch (IOException e) {
            Log.warn("cannot send SIGSTOP to " + pids + ": " + e.getMessage() + "; rotating anyway, lines written at this instant may be lost");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!awaitStopped(pids)) {
                Log.warn("process " + pid + " did not stop within " + STOP_WAIT_MS
                        + " ms; rotating anyway, lines written at this instant may be lost");
            }
            action.run();
        } finally {
            resume(spawner, pids);
        }
    }

    /**
     * Lets go of instances a daemon that died mid-rotation may have left stopped: each root
     * process and all its descendants, since rotation stops the whole tree.
     */
    static void resume(List<Long> roots) {
        List<Long> pids = new ArrayList<>();
        for (long root : roots) {
            pids.add(root);
            ProcessHandle.of(root).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        }
        if (!pids.isEmpty()) {
            resume(Spawner.PROCESS_BUILDER, pids);
        }
    }

    /**
     * Sends SIGCONT until a {@code kill} could be started, however long that takes: when the
     * start fails (no free descriptor, no memory to fork) the processes would otherwise stay
     * stopped for good. Gives up only once none of them is alive.
     */
    private static void resume(Spawner spawner, List<Long> pids) {
        boolean interrupted = false;
        long retryMs = FIRST_RETRY_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                signal(spawner, "CONT", pids);
                break;
            } catch (IOException e) {
                if (pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))) {
                    break;
                }
                Log.error("cannot send SIGCONT to " + pids + ", which stay stopped until it is sent (attempt " + attempt
                        + "; again in " + retryMs + " ms): " + e.getMessage(), null);
                interrupted |= pause(retryMs);
                retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
            } catch (InterruptedException e) {
                // the signal is sent already; only its exit status was not waited for
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void signal(Spawner spawner, String name, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(p -> command.add(Long.toString(p)));
        spawner.start(command).waitFor();
    }

    /** Sleeps, through an interrupt too; returns whether one came. */
    private static boolean pause(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        boolean interrupted = false;
        for (long left = ms * 1_000_000; left > 0; left = end - System.nanoTime()) {
            interrupted |= Thread.interrupted();
            LockSupport.parkNanos(left);
        }
        return interrupted | Thread.interrupted();
    }

    /** Waits until every thread of every process is stopped (or gone), as /proc tells. */
    private static boolean awaitStopped(List<Long> pids) {
        long deadline = System.currentTimeMillis() + STOP_WAIT_MS;
        while (true) {
            boolean all = true;
            for (long p : pids) {
                all &= allThreadsStopped(p);
            }
            if (all) {
                return true;
            }
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static boolean allThreadsStopped(long pid) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                char state = state(task.resolve("stat"));
                // T stopped, t traced, Z zombie, X dead: none of them writes any more
                if (state != 'T' && state != 't' && state != 'Z' && state != 'X' && state != '?') {
                    return false;
                }
            }
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The state letter of /proc/…/stat; the command name before it may hold spaces and parentheses. */
    private static char state(Path stat) {
        try {
            String text = Files.readString(stat);
            int close = text.lastIndexOf(')');
            return close >= 0 && close + 2 < text.length() ? text.charAt(close + 2) : '?';
        } catch (IOException e) {
            return '?';
        }
    }
}
