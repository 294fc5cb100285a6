package dev.jpm.daemon;

import java.util.List;

/**
 * How the daemon was asked to run. With no arguments it is the background daemon a CLI command
 * starts detached, its output already in daemon.log, and a signal ends it alone (its instances
 * wait for the next daemon). {@code --foreground} is for a parent that waits on it: systemd (the
 * unit of {@code jpm startup}) or {@code jpm run}. Its log goes to stderr as well as daemon.log,
 * and SIGTERM or SIGINT stops every instance gracefully before it exits 0, because that parent
 * sends them to mean "stop the service". {@code --resurrect} starts the saved apps when nothing
 * is left to re-adopt (a boot, not a restart after a crash). {@code --wait-for-lock} waits for
 * another daemon of the home to exit instead of exiting at once, so a unit started while a
 * detached daemon runs takes over when it ends rather than failing every second.
 * {@code --exit-when-errored} ends the daemon once every instance is errored ({@link ErroredExit}).
 */
record DaemonMode(boolean foreground, boolean resurrect, boolean waitForLock, boolean exitWhenErrored) {
    static final String FOREGROUND = "--foreground";
    static final String RESURRECT = "--resurrect";
    static final String WAIT_FOR_LOCK = "--wait-for-lock";
    static final String EXIT_WHEN_ERRORED = "--exit-when-errored";
    private static final List<String> KNOWN = List.of(FOREGROUND, RESURRECT, WAIT_FOR_LOCK, EXIT_WHEN_ERRORED);

    static DaemonMode parse(String... args) {
        List<String> given = List.of(args);
        for (String arg : given) {
            if (!KNOWN.contains(arg)) {
                throw new IllegalArgumentException("unknown daemon option '" + arg + "' (known: " + String.join(", ", KNOWN) + ")");
            }
        }
        return new DaemonMode(given.contains(FOREGROUND), given.contains(RESURRECT), given.contains(WAIT_FOR_LOCK),
                given.contains(EXIT_WHEN_ERRORED));
    }
}
