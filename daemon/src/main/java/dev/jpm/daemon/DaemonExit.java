package dev.jpm.daemon;

import dev.jpm.protocol.home.DiskFull;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.wire.ExitCode;

/**
 * The daemon's exit status when it cannot start, so that the CLI that started it can say why in
 * its own words instead of showing a log tail that may not even have been written (a full disk
 * takes daemon.log with it). The statuses are the CLI's own exit codes for the same failures.
 */
final class DaemonExit {
    private DaemonExit() {
    }

    /** Maps what escapes {@code main} to a status; only the main thread's, so a failing worker never ends the daemon. */
    static void onStartFailure() {
        Thread.currentThread().setUncaughtExceptionHandler((thread, failure) -> {
            System.err.println("jpm daemon cannot start: " + failure.getMessage());
            if (!(failure instanceof PathSafety.UnsafePathException)) {
                failure.printStackTrace();
            }
            System.exit(statusOf(failure));
        });
    }

    /**
     * The daemon is serving: a failure from now on (in the kill path, say) is no failure to
     * start, and the main thread's uncaught failures go back to the JVM's default report.
     */
    static void serving() {
        Thread.currentThread().setUncaughtExceptionHandler(null);
    }

    static int statusOf(Throwable failure) {
        if (failure instanceof PathSafety.UnsafePathException) {
            return ExitCode.UNSAFE_PATH.number();
        }
        if (DiskFull.is(failure)) {
            return ExitCode.STORAGE.number();
        }
        return ExitCode.INTERNAL.number();
    }
}
