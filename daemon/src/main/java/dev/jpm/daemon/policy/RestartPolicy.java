package dev.jpm.daemon.policy;

import dev.jpm.daemon.policy.Decision.GiveUp;
import dev.jpm.daemon.policy.Decision.RestartAfter;
import dev.jpm.daemon.policy.Decision.RestartNow;
import dev.jpm.daemon.policy.Decision.Stay;
import dev.jpm.daemon.policy.ExitHistory.Exit;
import dev.jpm.protocol.ecosystem.RestartSettings;
import java.util.Collection;
import java.util.Set;

/**
 * Decides what happens to an instance that exited, with PM2's meanings of {@code autorestart},
 * {@code max_restarts}, {@code min_uptime}, {@code restart_delay} and
 * {@code exp_backoff_restart_delay}, and PM2's {@code stop_exit_codes}. Pure: it reads the settings and the history, updates the
 * history's counters, and does no I/O, so every rule is unit-tested with a fake clock.
 *
 * <p>One departure from PM2: PM2 ignores {@code max_restarts} under exponential backoff, but jpm
 * marks an instance {@code errored} after too many unstable restarts in every mode, because a
 * crash loop backing off forever looks alive while it never is.
 */
public final class RestartPolicy {

    /**
     * The shortest wait before another try after a launch that failed (no process ran). Such a
     * failure is a setting (a missing folder, a bad java) that does not mend itself within
     * milliseconds: retried at once, a bad instance made ~500 tries a second and flooded the log.
     */
    static final long FAILED_LAUNCH_MIN_DELAY_MS = 1_000;
    /** PM2's ceiling for the exponential backoff delay. */
    static final long BACKOFF_CAP_MS = 15_000;
    /** A run this long means the crash loop is over: the backoff starts again from its first delay. */
    static final long BACKOFF_RESET_UPTIME_MS = 30_000;

    private final RestartSettings settings;
    /** {@code stop_exit_codes}: exits that mean the app is done, not crashed. */
    private final Set<Integer> doneExitCodes;
    private final Clock clock;

    public RestartPolicy(RestartSettings settings, Collection<Integer> doneExitCodes, Clock clock) {
        this.settings = settings;
        this.doneExitCodes = Set.copyOf(doneExitCodes);
        this.clock = clock;
    }

    /** Marks the start of a run now. */
    public void onStart(ExitHistory history) {
        history.started(clock.nowMillis());
    }

    /** Records an exit now and decides; the same as {@code history.exited(now, code)} then {@link #afterExit}. */
    public Decision onExit(ExitHistory history, Integer exitCode, boolean stoppedByUser) {
        history.exited(clock.nowMillis(), exitCode);
        return afterExit(history, stoppedByUser);
    }

    /** A new watcher of {@code max_memory_restart} for one instance. */
    public MemoryLimit newMemoryLimit() {
        return new MemoryLimit(settings.maxMemoryRestartBytes());
    }

    /**
     * Decides after {@code history.exited(...)} has recorded the exit. A restart decision also
     * counts the restart in the history; {@link Stay} and {@link GiveUp} leave it as it is.
     */
    public Decision afterExit(ExitHistory history, boolean stoppedByUser) {
        return decide(history, stoppedByUser, 0);
    }

    /**
     * Records a launch that failed now ({@code reason}: why no process ran) and decides. It is an
     * unstable start whatever min_uptime says, so it counts towards max_restarts, and the next
     * try waits at least {@value #FAILED_LAUNCH_MIN_DELAY_MS} ms.
     */
    public Decision onFailedLaunch(ExitHistory history, String reason) {
        history.failedToLaunch(clock.nowMillis(), reason);
        return decide(history, false, FAILED_LAUNCH_MIN_DELAY_MS);
    }

    private Decision decide(ExitHistory history, boolean stoppedByUser, long minDelayMs) {
        Exit exit = history.lastExit()
                .orElseThrow(() -> new IllegalStateException("afterExit() before any exit was recorded"));
        if (stoppedByUser) {
            return new Stay("stopped by the user");
        }
        if (exit.exitCode() != null && doneExitCodes.contains(exit.exitCode())) {
            return new Stay("exit code " + exit.exitCode() + " is in stop_exit_codes");
        }
        if (!settings.autorestart()) {
            return new Stay("autorestart is off");
        }
        // A stable run ends a crash loop, so only unstable exits in a row count.
        boolean unstable = exit.failure() != null || exit.uptimeMs() < settings.minUptimeMs();
        int unstableRestarts = unstable ? history.unstableRestarts() + 1 : 0;
        if (unstableRestarts > settings.maxRestarts()) {
            return new GiveUp(history.unstableRestarts() + " unstable restarts ("
                    + (exit.failure() != null ? "the launch failed: " + exit.failure() : "exited within min_uptime") + ")");
        }
        long backoff = nextBackoff(history, exit);
        history.restartDecided(unstableRestarts, backoff);
        // The backoff, when on, replaces restart_delay, as in PM2.
        long delay = Math.max(minDelayMs, settings.expBackoffRestartDelayMs() > 0 ? backoff : settings.restartDelayMs());
        return delay > 0 ? new RestartAfter(delay) : new RestartNow();
    }

    /** The next backoff delay: the first one, or the previous ×1.5 up to the cap; 0 when off. */
    private long nextBackoff(ExitHistory history, Exit exit) {
        long initial = settings.expBackoffRestartDelayMs();
        if (initial <= 0) {
            return 0;
        }
        long previous = history.backoffDelayMs();
        if (previous == 0 || exit.uptimeMs() >= BACKOFF_RESET_UPTIME_MS) {
            return initial;
        }
        // A first delay set above the cap is honoured rather than shortened by the cap.
        long ceiling = Math.max(BACKOFF_CAP_MS, initial);
        // ×1.5 rounded down, written so that it cannot overflow.
        return Math.min(ceiling, previous + previous / 2);
    }
}
