package dev.jpm.daemon;

import sun.misc.Signal;

/**
 * Says in daemon.log why the daemon stops when a signal stops it. The JVM would exit on these
 * signals anyway, running the shutdown hooks, but silently; the handler logs, then exits the same
 * way, with the same status (128 + the signal's number). The instances are not stopped: each is
 * its own process writing its own files, and the next daemon adopts them from state.json
 * (DESIGN.md decision 5). {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way
 * to handle a signal.
 */
final class StopSignals {
    private static final String[] NAMES = {"TERM", "INT", "HUP"};

    private StopSignals() {
    }

    static void logBeforeExit() {
        for (String name : NAMES) {
            Signal.handle(new Signal(name), signal -> {
                Log.info("received SIG" + signal.getName() + ": the daemon exits; instances keep running, and the next jpm"
                        + " command starts a daemon that adopts them");
                System.exit(128 + signal.getNumber());
            });
        }
    }
}
