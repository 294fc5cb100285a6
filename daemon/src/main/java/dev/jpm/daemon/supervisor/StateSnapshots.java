package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.state.AppState;
import dev.jpm.daemon.state.DaemonState;
import dev.jpm.daemon.state.InstanceState;
import dev.jpm.protocol.home.MarkedProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Between the supervisor's live model and {@code state.json}: what to write, and on start-up
 * which recorded processes are still ours (DESIGN.md decision 5).
 */
final class StateSnapshots {
    /** Two reads of one process's start time agree to the clock tick; a reused pid differs by far more. */

    private StateSnapshots() {
    }

    /** What state.json should hold for this model. */
    static DaemonState toState(ModelSnapshot model) {
        List<AppState> apps = new ArrayList<>();
        for (ModelSnapshot.App app : model.apps()) {
            List<InstanceState> instances = new ArrayList<>();
            for (ModelSnapshot.InstanceSnapshot i : app.instances()) {
                instances.add(new InstanceState(i.id(), i.index(), i.pid(), i.processStartMillis(), i.onlineSinceMillis(),
                        i.restarts(), i.status(), i.internalPort()));
            }
            apps.add(new AppState(app.spec(), instances, app.callerEnv()));
        }
        return new DaemonState(model.nextId(), apps);
    }

    /**
     * Picks the recorded instance up again: its recorded process if that still runs, else the
     * process found with its marker (the daemon died before recording the pid), else as its
     * recorded status says.
     */
    static void readopt(Supervisor supervisor, Instance instance, InstanceState saved, FoundProcesses found) {
        instance.history.restore(saved.restarts(), saved.onlineSinceMillis());
        Optional<ProcessHandle> alive = saved.pid() == null ? Optional.empty()
                : ProcessHandle.of(saved.pid()).filter(p -> SameProcess.is(p, saved.processStartMillis()));
        if (alive.isPresent()) {
            found.claimPid(saved.pid());
            supervisor.adopt(instance, alive.get(), saved.processStartMillis(), saved.onlineSinceMillis());
            return;
        }
        Optional<MarkedProcess> marked = found.claim(instance.app.name(), instance.id);
        Optional<ProcessHandle> markedAlive = marked.flatMap(m -> ProcessHandle.of(m.pid()));
        if (markedAlive.isPresent()) {
            long started = marked.get().startMillis();
            Log.info(instance.label() + " was recorded without its process; found pid " + marked.get().pid() + " by its marker");
            supervisor.adopt(instance, markedAlive.get(), started, started);
            return;
        }
        InstanceStatus status = saved.status();
        if (status == InstanceStatus.STOPPED) {
            instance.stopped();
            return;
        }
        if (status == InstanceStatus.ERRORED) {
            instance.errored();
            return;
        }
        Log.info(instance.label() + " (pid " + saved.pid() + ") died while no daemon watched it; restarting");
        supervisor.relaunch(instance);
    }
}
