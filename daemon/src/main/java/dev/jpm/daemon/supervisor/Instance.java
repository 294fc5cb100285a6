package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.jvm.ExitForensics;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.daemon.policy.ExitHistory;
import dev.jpm.daemon.policy.LivenessTracker;
import dev.jpm.daemon.policy.MemoryLimit;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One running copy of an app. Mutable, and touched only on the supervisor's thread, so it needs
 * no locks. Its status and process change only through the named transitions below (DESIGN.md
 * decision 7: launching → online → stopping → stopped, errored once the policy gives up).
 * {@code generation} grows with every process it watches, so that the exit of a process already
 * replaced is recognised and ignored.
 */
final class Instance {
    final int id;
    final int index;
    final ManagedApp app;
    final ExitHistory history;

    private InstanceStatus status = InstanceStatus.STOPPED;
    private ProcessHandle process;
    private int generation;
    /** Start time the OS gives the process; with the pid it identifies the process across daemon restarts. */
    long processStartMillis;
    long onlineSinceMillis;
    MemoryLimit memoryLimit;
    /** Where the current run began, for naming why it ends; null for a run this daemon did not launch. */
    ExitForensics.Run run;
    Integer internalPort;
    private ScheduledFuture<?> pendingLaunch;
    /** The balancer's key for the current process, 0 while it takes no traffic. */
    int backendKey;
    /** Set while a reload waits for this instance's new process: told whether it came online. */
    CompletableFuture<Boolean> onlineWaiter;
    /** Why the replacement a reload waited for was given up on, for the reload's error; null when it just exited. */
    String replacementFailure;
    /**
     * Set when a user's start, restart or resurrect launches the instance: completed once its first
     * run is confirmed up or has failed, which is what that request answers with.
     */
    CompletableFuture<StartOutcome> confirmation;
    /** The liveness checks' count for the current run, null when it is not checked; a new run gets a new one. */
    LivenessTracker liveness;
    /**
     * Why jpm is ending the current run on its own (a failed liveness check, cron_restart), for the
     * exit history; taken by whichever of the exit and the relaunch the supervisor sees first.
     */
    private String endReason;

    Instance(int id, int index, ManagedApp app, ExitHistory history) {
        this.id = id;
        this.index = index;
        this.app = app;
        this.history = history;
    }

    InstanceStatus status() {
        return status;
    }

    ProcessHandle process() {
        return process;
    }

    int generation() {
        return generation;
    }

    Long pid() {
        return process == null ? null : process.pid();
    }

    String label() {
        return app.name() + "#" + index + " (id " + id + ")";
    }

    // ---- transitions -----------------------------------------------------------------------

    /** A new run is on its way: no process yet, no traffic, any delayed launch dropped. Returns the run's generation. */
    int launching() {
        cancelPendingLaunch();
        liveness = null;
        generation++;
        run = null;
        backendKey = 0;
        process = null;
        status = InstanceStatus.LAUNCHING;
        return generation;
    }

    /** The run's process started at {@code nowMillis}; it is still launching until confirmed up. */
    void launched(ProcessHandle started, long startMillis, long nowMillis, MemoryLimit limit) {
        process = started;
        processStartMillis = startMillis;
        onlineSinceMillis = nowMillis;
        memoryLimit = limit;
        history.started(nowMillis);
    }

    /** The launch never produced a process. */
    void launchFailed() {
        process = null;
    }

    /** Confirmed up: alive for min_uptime, or accepting on its internal port in cluster mode. */
    void online(long nowMillis) {
        status = InstanceStatus.ONLINE;
        onlineSinceMillis = nowMillis;
    }

    /**
     * Watches a process this daemon did not launch now (one a previous daemon left running), online
     * since {@code onlineSince}. Returns the generation its exit is checked against.
     */
    int adopted(ProcessHandle running, long startMillis, long onlineSince, MemoryLimit limit) {
        run = null;
        processStartMillis = startMillis;
        onlineSinceMillis = onlineSince;
        memoryLimit = limit;
        process = running;
        status = InstanceStatus.ONLINE;
        return ++generation;
    }

    /** A reload's replacement failed: the old process, on its old port and backend, serves again. */
    int reinstated(ProcessHandle old, Integer oldPort, int oldBackendKey, long oldOnlineSince) {
        // the replacement's exit closed the history's run; the old process's run goes on, so that
        // its own exit is measured (from when it came online, near enough) and restarted as any other
        history.started(oldOnlineSince);
        process = old;
        internalPort = oldPort;
        backendKey = oldBackendKey;
        onlineSinceMillis = oldOnlineSince;
        status = InstanceStatus.ONLINE;
        return ++generation;
    }

    /** Its process ended (the caller has taken it out of the balancer); the status waits for the policy. */
    void exited(long nowMillis, Integer exitCode, String cause) {
        process = null;
        backendKey = 0;
        liveness = null;
        run = null;
        history.exited(nowMillis, exitCode, endReason, cause);
        endReason = null;
    }

    /** jpm ends the current run for {@code reason}; the exit history will say so. */
    void endingBecause(String reason) {
        endReason = reason;
    }

    /**
     * Before a relaunch: a run jpm ended whose exit the supervisor has not seen (a restart's stop
     * and the process's exit race to the loop) is recorded now, with its reason.
     */
    void recordEndedRun(long nowMillis) {
        if (endReason != null) {
            history.exited(nowMillis, null, endReason);
            endReason = null;
        }
    }

    /** The policy restarts it after a delay: launching, as it is on its way back. */
    void restartsLater(ScheduledFuture<?> launch) {
        status = InstanceStatus.LAUNCHING;
        pendingLaunch = launch;
    }

    /** The restart policy gave up. */
    void errored() {
        status = InstanceStatus.ERRORED;
    }

    /** A stop began: its process takes no new connections and is being ended. */
    void stopping() {
        status = InstanceStatus.STOPPING;
        backendKey = 0;
    }

    /** No process, by a stop, by autorestart off, or as a previous daemon recorded it. */
    void stopped() {
        cancelPendingLaunch();
        process = null;
        status = InstanceStatus.STOPPED;
    }

    /** Completes the pending confirmation, if any; a later outcome of the same start changes nothing. */
    void confirm(boolean up, String failure, JpmHome home) {
        if (confirmation != null && !confirmation.isDone()) {
            confirmation.complete(new StartOutcome(id, label(), up, failure, logFile(home, LogStream.ERR), logFile(home, LogStream.OUT)));
        }
    }

    /** The file {@code stream} goes to, null when the app sends it to /dev/null. */
    Path logFile(JpmHome home, LogStream stream) {
        return app.spec.logs().file(home, app.name(), id, index, stream);
    }

    void cancelPendingLaunch() {
        if (pendingLaunch != null) {
            pendingLaunch.cancel(false);
            pendingLaunch = null;
        }
    }
}
