package dev.jpm.daemon;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * What a stop signal does to the daemon. Detached (the CLI started it): it
 * says in daemon.log why the daemon stops when a signal stops it. The JVM would exit on these
 * signals anyway, running the shutdown hooks, but silently; the handler logs, then exits the same
 * way, with the same status (128 + the signal's number). The instances are not stopped: each is
 * its own process writing its own files, and the next daemon adopts them from state.json
 * (DESIGN.md decision 5). {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way
 * to handle a signal.
 *
 * <p>In the foreground ({@link DaemonMode}) the signal comes from the parent that runs jpm as a
 * service: {@code systemctl stop}, a shutdown, {@code docker stop}, Ctrl-C on {@code jpm run}. It
 * means "stop the apps": every instance is stopped as {@code jpm kill} stops it (its stop signal,
 * then SIGKILL after its kill_timeout), then the daemon exits 0. The unit's KillMode=process sends
 * the signal to the daemon alone, so the instances hear it from the daemon, each the way it should.
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

    /**
     * Foreground: the first TERM or INT runs {@code stopEverything} (on the JVM's signal thread,
     * which may block); a second one while it runs is only logged, so an impatient Ctrl-C cannot
     * cut a graceful stop short (SIGKILL can). HUP too: the terminal of {@code jpm run} went away
     * (systemd sends none unless asked), and an instance left running there would have no manager.
     */
    static void stopEverythingOn(Runnable stopEverything) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : NAMES) {
            Signal.handle(new Signal(name), signal -> {
                if (!stopping.compareAndSet(false, true)) {
                    Log.info("received SIG" + signal.getName() + " again: still stopping the instances");
                    return;
                }
                Log.info("received SIG" + signal.getName() + ": stopping every instance, then exiting");
                stopEverything.run();
            });
        }
    }
}
