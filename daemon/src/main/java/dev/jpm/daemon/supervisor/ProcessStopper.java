package dev.jpm.daemon.supervisor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: SIGTERM to the tree, SIGKILL to whatever is still
 * alive after the kill timeout. Runs off the supervisor's thread because it waits.
 */
final class ProcessStopper {
    /** After SIGKILL the kernel needs a moment; past this the process is reported and left. */
    private static final long AFTER_KILL_WAIT_MS = 2_000;

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stopper");
        t.setDaemon(true);
        return t;
    });

    CompletableFuture<Void> stop(ProcessHandle process, long killTimeoutMs) {
        return CompletableFuture.runAsync(() -> stopTree(process, killTimeoutMs), pool);
    }

    /** Stops the tree and waits, on the caller's thread. */
    static void stopTree(ProcessHandle process, long killTimeoutMs) {
        // descendants() is a snapshot: take it before the parent dies and its children are re-parented
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
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
