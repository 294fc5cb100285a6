package dev.jpm.cli.client;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;

/**
 * A daemon connection that comes back: a request that finds the connection closed before it is
 * sent again on a new one; one lost while it ran fails, and the next connects afresh. For
 * long-lived clients such as {@code monit}; it never starts a daemon itself.
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

    /**
     * Sends on the open connection, or a new one. The daemon closes a connection idle for a minute
     * (monit's action link mostly is), so a request that could not even be written is sent once
     * more on a fresh connection: undelivered, it cannot have been acted on twice.
     */
    public synchronized <R> Reply<R> send(Request<R> request) throws IOException {
        try {
            return connected().send(request, e -> { });
        } catch (DaemonClient.NotDeliveredException e) {
            close();
            return resend(request);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private <R> Reply<R> resend(Request<R> request) throws IOException {
        try {
            return connected().send(request, e -> { });
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private DaemonClient connected() throws IOException {
        if (client == null) {
            client = DaemonClient.connect(home, version, deadlines);
        }
        return client;
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
