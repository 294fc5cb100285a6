package dev.jpm.daemon.state;

import java.util.List;

/** The whole of {@code state.json}: every app, its instances, and the next free instance id. */
public record DaemonState(int nextId, List<AppState> apps) {
    public static final DaemonState EMPTY = new DaemonState(0, List.of());
}
