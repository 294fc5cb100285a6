package dev.jpm.daemon.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What the restart policy needs to remember about one instance across its runs, and what
 * {@code list} and {@code describe} show of it. Mutable and not thread-safe: the supervisor thread
 * owns each instance's history.
 *
 * <p>The supervisor calls {@link #started} when a run begins and {@link #exited} when it ends; the
 * counters that depend on the app's settings (unstable restarts, backoff) are updated by
 * {@link RestartPolicy}, which alone knows those settings.
 */
public final class ExitHistory {

    /** How many exits {@link #recentExits()} keeps: enough to see a crash loop, small enough to show. */
    public static final int RECENT_EXITS = 10;

    /**
     * One ended run.
     *
     * @param atMillis when it exited
     * @param exitCode its exit code, or null when unknown (an adopted process is not our child, so
     *                 the JDK cannot tell us how it ended)
     * @param uptimeMs how long it had run
     * @param failure  why the run never began (the launch itself failed), else null
     * @param endedBy  why jpm ended the run on its own (a failed liveness check, cron_restart), else null
     * @param cause    why the run ended when what it left says so (an OutOfMemoryError, a crash
     *                 report, the OOM killer), else null
     */
    public record Exit(long atMillis, Integer exitCode, long uptimeMs, String failure, String endedBy, String cause) {
        public Exit(long atMillis, Integer exitCode, long uptimeMs) {
            this(atMillis, exitCode, uptimeMs, null, null, null);
        }
    }

    private static final long NOT_RUNNING = -1;

    private final Deque<Exit> recent = new ArrayDeque<>(RECENT_EXITS);
    private long runStartedAt = NOT_RUNNING;
    private int restarts;
    private int unstableRestarts;
    private long backoffDelayMs;

    /**
     * Carries over what a previous daemon knew of an instance it handed on: the restart count the
     * user sees, and the start of the run in progress.
     */
    public void restore(int restartCount, long runStartedAtMs) {
        this.restarts = restartCount;
        this.runStartedAt = runStartedAtMs;
    }

    /** A run began at {@code nowMs} (for an adopted process: when the OS says it started). */
    public void started(long nowMs) {
        runStartedAt = nowMs;
    }

    /** The current run ended at {@code nowMs}; {@code exitCode} is null when unknown. */
    public void exited(long nowMs, Integer exitCode) {
        exited(nowMs, exitCode, null);
    }

    /** The current run ended at {@code nowMs}, ended by jpm for {@code endedBy} (null when it ended on its own). */
    public void exited(long nowMs, Integer exitCode, String endedBy) {
        exited(nowMs, exitCode, endedBy, null);
    }

    /** The same, with the {@code cause} what the run left says (null when nothing says). */
    public void exited(long nowMs, Integer exitCode, String endedBy, String cause) {
        if (runStartedAt == NOT_RUNNING) {
            throw new IllegalStateException("exited() without started(): the uptime would be a guess");
        }
        // Never negative, even if the wall clock was set back during the run.
        remember(new Exit(nowMs, exitCode, Math.max(0, nowMs - runStartedAt), null, endedBy, cause));
    }

    /** A launch failed at {@code nowMs}: no process ran; {@code reason} says why, for describe. */
    public void failedToLaunch(long nowMs, String reason) {
        remember(new Exit(nowMs, null, 0, reason, null, null));
    }

    private void remember(Exit exit) {
        if (recent.size() == RECENT_EXITS) {
            recent.removeFirst();
        }
        recent.addLast(exit);
        runStartedAt = NOT_RUNNING;
    }

    /**
     * The user restarted the instance (or started it again after it stopped or errored). It counts
     * as a restart, as PM2's ↺ does, but the user asked for a fresh start, so the crash-loop
     * counters begin again.
     */
    public void manualRestart() {
        restarts++;
        unstableRestarts = 0;
        backoffDelayMs = 0;
    }

    /** The policy decided to restart; it passes the counters that follow from the app's settings. */
    void restartDecided(int unstableRestarts, long backoffDelayMs) {
        this.restarts++;
        this.unstableRestarts = unstableRestarts;
        this.backoffDelayMs = backoffDelayMs;
    }

    /** Restarts of this instance, automatic and manual (PM2's ↺). */
    public int restarts() {
        return restarts;
    }

    /** Restarts in a row after runs shorter than {@code min_uptime}. */
    public int unstableRestarts() {
        return unstableRestarts;
    }

    /** The delay of the last exponential-backoff restart; 0 when backoff is off or starts afresh. */
    public long backoffDelayMs() {
        return backoffDelayMs;
    }

    /** The last {@value #RECENT_EXITS} exits, newest last. */
    public List<Exit> recentExits() {
        return List.copyOf(recent);
    }

    /** The newest exit, if the instance has exited at all. */
    public Optional<Exit> lastExit() {
        return Optional.ofNullable(recent.peekLast());
    }
}
