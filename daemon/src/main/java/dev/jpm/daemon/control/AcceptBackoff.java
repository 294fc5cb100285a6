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

    /** Counts a failure; returns how long to leave accepting alone. */
    long failed(IOException failure, long nowMs) {
        unreported++;
        pauseMs = pauseMs == 0 ? FIRST_PAUSE_MS : Math.min(pauseMs * 2, MAX_PAUSE_MS);
        if (nowMs - lastReportMs >= REPORT_EVERY_MS) {
            Log.warn("cannot accept control connections: " + failure.getMessage() + " (" + unreported
                    + " failed accept(s) since the last report; retrying at most every " + MAX_PAUSE_MS + " ms)");
            unreported = 0;
            lastReportMs = nowMs;
        }
        return pauseMs;
    }

    /** An accept worked: the next failure starts from the shortest pause again. */
    void succeeded(long nowMs) {
        if (unreported > 0 && nowMs - lastReportMs >= REPORT_EVERY_MS) {
            Log.info("accepting control connections again after " + unreported + " more failed accept(s)");
            unreported = 0;
            lastReportMs = nowMs;
        }
        pauseMs = 0;
    }
}
