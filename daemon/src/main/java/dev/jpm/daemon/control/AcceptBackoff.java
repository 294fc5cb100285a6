package dev.jpm.daemon.control;

import dev.jpm.daemon.AcceptPause;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.RateLimitedLog;
import java.io.IOException;

/**
 * What the control socket does when accept fails, which in practice means the daemon is out of
 * file descriptors (EMFILE) or the system is (ENFILE): it pauses accepting ({@link AcceptPause})
 * and logs the failures at most once per {@value #REPORT_EVERY_MS} ms, with their count. Owned by
 * the control server's I/O thread.
 */
final class AcceptBackoff {
    static final long REPORT_EVERY_MS = 10_000;

    private final AcceptPause pause = new AcceptPause();
    private final RateLimitedLog failures = new RateLimitedLog(REPORT_EVERY_MS);
    /** A failure line went out and no "accepting again" line since: the next success says so. */
    private boolean failingReported;

    /** Counts a failure; returns how long to leave accepting alone, in milliseconds. */
    long failed(IOException failure, long nowMs) {
        long pauseMs = pause.failed(nowMs * 1_000_000);
        failures.offer(nowMs * 1_000_000, heldBack -> {
            Log.warn("cannot accept control connections: " + failure.getMessage() + " (" + (heldBack + 1)
                    + " failed accept(s) since the last report; retrying at most every " + AcceptPause.MAX_PAUSE_MILLIS + " ms)");
            failingReported = true;
        });
        return pauseMs;
    }

    /**
     * An accept worked: the next failure starts from the shortest pause again. A reader who saw
     * "cannot accept" always sees "accepting again" once, at once. Failures that were never
     * reported (they came within 10 s of a report) stay counted for the next report, which says
     * "since the last report": so a flapping limit still writes at most two lines per 10 s.
     */
    void succeeded(long nowMs) {
        pause.succeeded();
        if (failingReported) {
            Log.info("accepting control connections again after " + failures.takeHeldBack() + " more failed accept(s)");
            failingReported = false;
        }
    }
}
