package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.policy.ExitHistory;
import dev.jpm.daemon.policy.MemoryLimit;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.view.InstanceStatus;
import java.util.concurrent.ScheduledFuture;

/**
 * One running copy of an app. Mutable, and touched only on the supervisor's thread, so it needs
 * no locks. {@code generation} grows with every launch so that the exit of a process we have
 * already replaced is recognised and ignored.
 */
final class Instance {
    final int id;
    final int index;
    final ManagedApp app;
    final ExitHistory history;

    InstanceStatus status = InstanceStatus.STOPPED;
    ProcessHandle process;
    /** Start time the OS gives the process; with the pid it identifies the process across daemon restarts. */
    long processStartMillis;
    long onlineSinceMillis;
    int generation;
    MemoryLimit memoryLimit;
    Integer internalPort;
    ScheduledFuture<?> pendingLaunch;
    /** The balancer's key for the current process, 0 while it takes no traffic. */
    int backendKey;
    /** Set while a reload waits for this instance's new process: told whether it came online. */
    java.util.concurrent.CompletableFuture<Boolean> onlineWaiter;
    /**
     * Set when a user's start, restart or resurrect launches the instance: completed once its first
     * run is confirmed up or has failed, which is what that request answers with.
     */
    java.util.concurrent.CompletableFuture<StartOutcome> confirmation;

    Instance(int id, int index, ManagedApp app, ExitHistory history) {
        this.id = id;
        this.index = index;
        this.app = app;
        this.history = history;
    }

    Long pid() {
        return process == null ? null : process.pid();
    }

    String label() {
        return app.name() + "#" + index + " (id " + id + ")";
    }

    /** Completes the pending confirmation, if any; a later outcome of the same start changes nothing. */
    void confirm(boolean up, String failure, dev.jpm.protocol.home.JpmHome home) {
        if (confirmation != null && !confirmation.isDone()) {
            confirmation.complete(new StartOutcome(id, label(), up, failure, home.logFile(app.name(), id, LogStream.ERR),
                    home.logFile(app.name(), id, LogStream.OUT)));
        }
    }

    void cancelPendingLaunch() {
        if (pendingLaunch != null) {
            pendingLaunch.cancel(false);
            pendingLaunch = null;
        }
    }
}
