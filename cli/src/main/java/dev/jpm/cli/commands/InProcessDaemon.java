package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonLauncher;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * The daemon run inside this JVM, for {@code jpm run}: no second process, so a container's PID 1
 * (or the launcher that reaps for it) is the parent of the instances, and a signal to the
 * container reaches the daemon itself. The CLI does not compile against daemon code (the jar only
 * ships it), so its entry point is looked up by name. It runs on its own thread, whose uncaught
 * failures the daemon maps to its exit status, and it ends the JVM when it stops.
 */
final class InProcessDaemon {
    private InProcessDaemon() {
    }

    static void start(List<String> args) {
        Thread thread = new Thread(() -> {
            try {
                Class.forName(DaemonLauncher.DAEMON_MAIN).getMethod("main", String[].class)
                        .invoke(null, (Object) args.toArray(String[]::new));
            } catch (InvocationTargetException e) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this jpm.jar holds no daemon (" + DaemonLauncher.DAEMON_MAIN + ")", e);
            }
        }, "daemon-main");
        thread.start();
    }
}
