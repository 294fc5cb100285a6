package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.logs.StampedOutput;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.home.JpmHome;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Real processes: {@link InstanceLauncher} starts them, {@link ProcessStopper} stops their trees. */
public final class OsProcesses implements InstanceProcesses {
    private final InstanceLauncher launcher;
    private final ProcessStopper stopper = new ProcessStopper();

    public OsProcesses(JpmHome home, StampedOutput stamped) {
        this.launcher = new InstanceLauncher(home, stamped);
    }

    /** For tests of apps without log_date_format. */
    public OsProcesses(JpmHome home) {
        this(home, new StampedOutput(home));
    }

    @Override
    public JpmHome home() {
        return launcher.home();
    }

    @Override
    public Process launch(AppSpec spec, int id, int index, Integer internalPort) throws IOException {
        return launcher.launch(spec, id, index, internalPort);
    }

    @Override
    public CompletableFuture<Void> stop(ProcessHandle process, String signal, long killTimeoutMs) {
        return stopper.stop(process, signal, killTimeoutMs);
    }
}
