package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.home.JpmHome;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Where the supervisor's decisions meet the OS: starting an instance's process and stopping a
 * process tree. An interface so that the supervisor's races (an exit of a replaced process, a
 * stop during a pending restart) are unit-tested with fake processes, as {@code ProcessSampler}
 * is for the sampler; {@link OsProcesses} is the real one.
 */
public interface InstanceProcesses {

    /** The home whose logs/ the instances write to. */
    JpmHome home();

    /** Starts {@code java ... -jar} for the instance; its exit is seen through {@link Process#onExit}. */
    Process launch(AppSpec spec, int id, int index, Integer internalPort) throws IOException;

    /**
     * {@code signal} (a name as {@code stop_signal} holds it, e.g. SIGTERM), then SIGKILL after
     * {@code killTimeoutMs}; completes, off the caller's thread, once it is gone.
     */
    CompletableFuture<Void> stop(ProcessHandle process, String signal, long killTimeoutMs);
}
