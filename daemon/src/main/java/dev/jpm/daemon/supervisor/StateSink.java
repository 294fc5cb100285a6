package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.state.DaemonState;
import java.io.IOException;

/**
 * Where the supervisor makes its model durable ({@code state.json}). Called on the supervisor's
 * thread after every change; a failure is thrown, so that the request that caused the change can
 * fail with it (DESIGN.md decision 11) and a launch whose intent is not on disk never happens.
 */
public interface StateSink {
    void save(DaemonState state) throws IOException;

    /**
     * Writes the second copy of what {@link #save} last saved, if it has not yet. The supervisor
     * calls it after the work that waited for the save (a launch, an answer) has run: a respawn
     * waits for one durable file, not for two (issue 13).
     */
    default void saveCopy() throws IOException {
    }
}
