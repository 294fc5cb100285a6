package dev.jpm.cli.monit;

import dev.jpm.protocol.view.InstanceView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where the monitor gets its rows and sends its actions: the daemon, or a fake in tests. */
public interface MonitSource {
    List<InstanceView> list() throws IOException;

    /** Restarts an instance; returns what to tell the user. */
    String restart(int id) throws IOException;

    /** Stops an instance; returns what to tell the user. */
    String stop(int id) throws IOException;

    /** The instance's stdout or stderr log file. */
    Path logFile(InstanceView instance, boolean err);
}
