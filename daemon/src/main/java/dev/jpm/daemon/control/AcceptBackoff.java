package dev.jpm.daemon.control;

import dev.jpm.daemon.Log;
import java.io.IOException;

/**
 * What the control socket does when accept fails, which in practice means the daemon is out of
 * file descriptors (EMFILE) or the system is (ENFILE). Retrying at once spun a core and wrote
 * 509,000 "accept failed" lines (45 MB) in 8 s; instead accepting pauses, from 10 ms doubling up
 * to 1 s while it keeps failing, and the failures are counted and logged at most once per 10 s.
 * Owned by the control server's I/O thread.
 */
final class AcceptBackoff {
    static final long FIRST_PAUSE_MS = 10;
    static final long MAX_PAUSE_MS = 1_000;
    static final long REPORT_EVERY_MS = 10_000;

    private long pauseMs;
    private long unreported;
    private long lastReportMs = Long.MIN_VALUE / 2;
    /** A failure line went out and no "accepting again" line since: the next success says so. */
    private boolean failingReported;

    /** Counts a failure; returns how long to leave accepting alone. */
    long failed(IOException failure, long nowMs) {
        unreported++;
        pauseMs = pauseMs == 0 ? FIRST_PAUSE_MS : Math.min(pauseMs * 2, MAX_PAUSE_MS);
        if (nowMs - lastReportMs >= REPORT_EVERY_MS) {
            Log.warn("cannot accept control connections: " + failure.getMessage() + " (" + unreported
                    + " failed accept(s) since the last report; retrying at most every " + MAX_PAUSE_MS + " ms)");
            unreported = 0;
            lastReportMs = nowMs;
            failingReported = true;
        }
        return pauseMs;
    }

    /**
     * An accept worked: the next failure starts from the shortest pause again. A reader who saw
     * "cannot accept" always sees "accepting again" once, at once. Failures that were never
     * reported (they came within 10 s of a report) stay counted for the next report, which says
     * "since the last report": so a flapping limit still writes at most two lines per 10 s.
     */
    void succeeded(long nowMs) {
        if (failingReported) {
            Log.info("accepting control connections again after " + unreported + " more failed accept(s)");
            unreported = 0;
            failingReported = false;
        }
        pauseMs = 0;
    }
}
