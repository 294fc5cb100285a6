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
}
