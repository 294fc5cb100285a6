package dev.jpm.daemon;

import dev.jpm.daemon.state.DaemonState;
import dev.jpm.daemon.state.StateStore;
import dev.jpm.daemon.supervisor.Supervisor;
import dev.jpm.protocol.home.JpmHome;
import java.io.IOException;

/** Keeps {@code state.json} in step with the supervisor, written on every change, on the supervisor's thread. */
final class StateKeeper {
    private final StateStore<DaemonState> store;
    private DaemonState last;
    private boolean forgotten;

    StateKeeper(JpmHome home) {
        this.store = new StateStore<>(home.stateFile(), DaemonState.class);
    }

    DaemonState load() {
        return store.load(DaemonState.EMPTY, Log::warn);
    }

    void changed(Supervisor supervisor) {
        if (!forgotten) {
            save(supervisor.snapshot());
        }
    }

    /** After {@code jpm kill}: nothing runs and nothing is to be re-adopted; later changes are not kept. */
    void forget() {
        save(DaemonState.EMPTY);
        forgotten = true;
    }

    void save(DaemonState state) {
        if (state.equals(last)) {
            return;
        }
        try {
            store.save(state);
            last = state;
        } catch (IOException e) {
            Log.error("cannot write " + store.file(), e);
        }
    }
}
