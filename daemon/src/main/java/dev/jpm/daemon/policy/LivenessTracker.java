package dev.jpm.daemon.policy;

import dev.jpm.protocol.ecosystem.LivenessSettings;
import java.util.Optional;

/**
 * Counts one instance's failed liveness checks and says when the next is due and when the
 * instance must be replaced. Pure and not thread-safe: the supervisor's thread owns each
 * instance's tracker (the checks run elsewhere and report back to that thread), and a new run of
 * the instance gets a new tracker, so counts never carry over from a process already gone.
 *
 * <p>Checks start {@code health_interval} apart, measured start to start (a slow check does not
 * push the next one back), and never while the previous one is in flight. So a hang is acted on
 * between {@code interval × (failures - 1) + timeout} and {@code interval × failures + timeout}
 * after it began (20 s to 32 s with the defaults), depending on where in the interval it fell.
 */
public final class LivenessTracker {
    private final LivenessSettings settings;
    private final Clock clock;
    private long lastStartMs;
    private boolean inFlight;
    private int failuresInRow;

    public LivenessTracker(LivenessSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        // the first check comes one interval after the instance came online
        this.lastStartMs = clock.nowMillis();
    }

    /** Milliseconds until the next check may start: 0 when due, and never while one is in flight. */
    public long delayUntilNextCheck() {
        if (inFlight) {
            throw new IllegalStateException("a check is in flight: the next is scheduled when it reports");
        }
        return Math.max(0, lastStartMs + settings.intervalMs() - clock.nowMillis());
    }

    /** A check starts now. */
    public void checkStarted() {
        if (inFlight) {
            throw new IllegalStateException("one check at a time per instance");
        }
        inFlight = true;
        lastStartMs = clock.nowMillis();
    }

    /** The check in flight answered 2xx in time: the count starts again. */
    public void passed() {
        inFlight = false;
        failuresInRow = 0;
    }

    /**
     * The check in flight failed ({@code why}: "timeout after 2s", "status 503", ...). Returns the
     * reason to replace the instance once {@code health_failures} checks in a row have failed.
     */
    public Optional<String> failed(String why) {
        inFlight = false;
        failuresInRow++;
        if (failuresInRow < settings.failures()) {
            return Optional.empty();
        }
        return Optional.of("liveness: " + failuresInRow + " health check" + (failuresInRow == 1 ? "" : "s") + " failed: " + why);
    }

    /** Failed checks in a row so far. */
    public int failuresInRow() {
        return failuresInRow;
    }
}
