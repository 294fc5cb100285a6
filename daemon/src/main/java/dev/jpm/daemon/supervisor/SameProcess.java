package dev.jpm.daemon.supervisor;

import java.time.Instant;

/**
 * Whether a pid still names the process jpm recorded: a pid freed by an exit is handed to the
 * next process the kernel starts, so a pid alone may name a stranger. The recorded start time is
 * the OS's own (from the process's start instant), so the two agree to the clock tick; 50 ms
 * allows for the tick and rounding, far below the time a pid takes to come round again.
 */
public final class SameProcess {
    private static final long START_TIME_TOLERANCE_MS = 50;

    private SameProcess() {
    }

    public static boolean is(ProcessHandle process, long recordedStartMillis) {
        long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        return process.isAlive() && Math.abs(start - recordedStartMillis) <= START_TIME_TOLERANCE_MS;
    }
}
