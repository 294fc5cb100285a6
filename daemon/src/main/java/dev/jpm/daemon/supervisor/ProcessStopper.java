package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: the app's stop signal (SIGTERM unless
 * {@code stop_signal} says otherwise) to the tree, SIGKILL to whatever is still alive after the
 * kill timeout. Runs off the supervisor's thread because it waits.
 */
final class ProcessStopper {
    /** The JDK sends SIGTERM ({@link ProcessHandle#destroy}) and SIGKILL only; any other signal goes through kill(1). */
    private static final String JDK_SIGNAL = "SIGTERM";
    /** After SIGKILL the kernel needs a moment; past this the process is reported and left. */
    private static final long AFTER_KILL_WAIT_MS = 2_000;
    /** kill(1) answers in milliseconds; past this something is badly wrong with the machine, and SIGKILL follows anyway. */
    private static final long KILL_COMMAND_WAIT_MS = 5_000;

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stopper");
        t.setDaemon(true);
        return t;
    });

    CompletableFuture<Void> stop(ProcessHandle process, String signal, long killTimeoutMs) {
        return CompletableFuture.runAsync(() -> stopTree(process, signal, killTimeoutMs), pool);
    }

    /** Stops the tree and waits, on the caller's thread. */
    static void stopTree(ProcessHandle process, String signal, long killTimeoutMs) {
        // descendants() is a snapshot: take it before the parent dies and its children are re-parented
        List<ProcessHandle> children = process.descendants().toList();
        if (JDK_SIGNAL.equals(signal)) {
            process.destroy();
            children.forEach(ProcessHandle::destroy);
        } else {
            send(signal, process, children);
        }
        if (!awaitExit(process, killTimeoutMs)) {
            List<ProcessHandle> late = process.descendants().toList();
            process.destroyForcibly();
            late.forEach(ProcessHandle::destroyForcibly);
            awaitExit(process, AFTER_KILL_WAIT_MS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive() && !awaitExit(child, killTimeoutMs)) {
                child.destroyForcibly();
            }
        }
    }

    /**
     * {@code kill -s SIGNAL pid...}: one short-lived process per stop. Unlike {@code destroy()} it
     * cannot guard against a pid reused since the snapshot, so only live processes are named, a
     * moment before; a failure is logged, and SIGKILL after the kill timeout still ends the tree.
     */
    private static void send(String signal, ProcessHandle process, List<ProcessHandle> children) {
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal.substring("SIG".length()), "--"));
        if (process.isAlive()) {
            command.add(Long.toString(process.pid()));
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(c -> command.add(Long.toString(c.pid())));
        if (command.size() == 4) {
            return;
        }
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(KILL_COMMAND_WAIT_MS, TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                Log.warn("'" + String.join(" ", command) + "' failed; the process gets SIGKILL after kill_timeout");
            }
        } catch (IOException e) {
            Log.warn("cannot run kill to send " + signal + " to pid " + process.pid() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean awaitExit(ProcessHandle process, long timeoutMs) {
        try {
            process.onExit().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (Exception e) {
            return !process.isAlive();
        }
    }
}
