package dev.jpm.daemon;

import dev.jpm.daemon.state.DaemonState;
import dev.jpm.daemon.state.DumpFile;
import dev.jpm.daemon.state.StateStore;
import dev.jpm.daemon.supervisor.Supervisor;
import dev.jpm.protocol.ecosystem.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --resurrect}: the apps of {@code jpm save} come back when the daemon starts after a clean
 * stop (SIGTERM in the foreground, {@code jpm kill}: every instance stopped, state.json emptied,
 * daemon.pid removed) or for the first time: so a boot brings the saved apps back. A daemon that
 * died leaves its daemon.pid behind; the one restarted after it re-adopts what state.json lists
 * and resurrects nothing, so an app deleted since the last save does not come back behind the
 * user's back, even when it was the last one. (After a power cut state.json still lists the apps
 * that ran, and the restore relaunches those: what ran, not what was saved.) Each app is started
 * on its own, so one that cannot start (its jar is gone) does not keep the others down; why is
 * in the log.
 */
final class BootResurrection {
    private BootResurrection() {
    }

    /** @param afterACrash daemon.pid was there when this daemon started: the last one did not stop cleanly */
    static void startSavedApps(boolean afterACrash, DaemonState recorded, Path dumpFile, Supervisor supervisor) {
        if (afterACrash) {
            Log.info("--resurrect: the last daemon did not stop cleanly; what it ran is re-adopted, " + dumpFile.getFileName()
                    + " is left alone");
            return;
        }
        if (!recorded.apps().isEmpty()) {
            Log.info("--resurrect: state.json lists " + recorded.apps().size() + " app(s) to re-adopt; " + dumpFile.getFileName()
                    + " is left alone");
            return;
        }
        if (!Files.exists(dumpFile)) {
            Log.info("--resurrect: nothing saved yet ('jpm save' writes " + dumpFile + ")");
            return;
        }
        List<AppSpec> saved = new StateStore<>(dumpFile, DumpFile.class).load(DumpFile.EMPTY, Log::warn).apps();
        int cores = Runtime.getRuntime().availableProcessors();
        for (AppSpec app : saved) {
            try {
                List<Integer> ids = Futures.await(supervisor.start(List.of(app), cores));
                Log.info("--resurrect: started " + app.name() + " (" + ids.size() + " instance(s))");
            } catch (RuntimeException e) {
                Log.warn("--resurrect: cannot start " + app.name() + ": " + e.getMessage());
            }
        }
    }
}
