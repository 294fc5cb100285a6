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
 * ({@link #resume}).
 */
final class StoppedProcesses implements Writers {
    /** Longer than any thread takes to leave a write; past it we rotate anyway and say so. */
    private static final long STOP_WAIT_MS = 2_000;

    private final long pid;

    StoppedProcesses(long pid) {
        this.pid = pid;
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
        signal("STOP", pids);
        try {
            if (!awaitStopped(pids)) {
                Log.warn("process " + pid + " did not stop within " + STOP_WAIT_MS
                        + " ms; rotating anyway, lines written at this instant may be lost");
            }
            action.run();
        } finally {
            signal("CONT", pids);
        }
    }

    /** Lets go of processes a daemon that died mid-rotation may have left stopped. */
    static void resume(List<Long> pids) {
        if (!pids.isEmpty()) {
            signal("CONT", pids);
        }
    }

    private static void signal(String name, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(p -> command.add(Long.toString(p)));
        try {
            Process kill = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor();
        } catch (IOException e) {
            Log.warn("cannot send SIG" + name + " to " + pids + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
