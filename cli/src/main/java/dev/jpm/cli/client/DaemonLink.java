package dev.jpm.cli.client;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;

/**
 * A daemon connection that comes back: a request that finds the connection gone fails once, and
 * the next one connects afresh. For long-lived clients such as {@code monit}; it never starts a
 * daemon itself.
 */
public final class DaemonLink implements AutoCloseable {
    private final JpmHome home;
    private final String version;
    private final Deadlines deadlines;
    private DaemonClient client;

    public DaemonLink(JpmHome home, String version, Deadlines deadlines) {
        this.home = home;
        this.version = version;
        this.deadlines = deadlines;
    }

    public synchronized Reply send(Request request) throws IOException {
        if (client == null) {
            client = DaemonClient.connect(home, version, deadlines);
        }
        try {
            return client.send(request, e -> { });
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // the connection is being dropped either way
            }
            client = null;
        }
    }
}
