package dev.jpm.daemon.balancer;

/**
 * The client connections of one port on one loop that a full port may give up, oldest first (see
 * {@link IoLoop#admit}): in tcp mode those still silent (no byte from the client, no more than a
 * greeting from the server: {@link Pipe#GREETING_BYTES}), in http mode also those idle between
 * two requests. An intrusive list through {@link ClientConnection}, so adding, leaving and taking
 * the oldest are O(1) whatever the count. Owned by the loop's thread.
 */
final class SilentConnections {
    private ClientConnection oldest;
    private ClientConnection newest;

    void add(ClientConnection connection) {
        if (connection.silentIn != null) {
            return;
        }
        connection.newerSilent = null;
        connection.olderSilent = newest;
        if (newest != null) {
            newest.newerSilent = connection;
        } else {
            oldest = connection;
        }
        newest = connection;
        connection.silentIn = this;
    }

    /** Takes the connection out; its client spoke or it closed. */
    void remove(ClientConnection connection) {
        if (connection.silentIn != this) {
            return;
        }
        if (connection.olderSilent != null) {
            connection.olderSilent.newerSilent = connection.newerSilent;
        } else {
            oldest = connection.newerSilent;
        }
        if (connection.newerSilent != null) {
            connection.newerSilent.olderSilent = connection.olderSilent;
        } else {
            newest = connection.olderSilent;
        }
        connection.olderSilent = null;
        connection.newerSilent = null;
        connection.silentIn = null;
    }

    /** The silent connection that became silent first, or null. */
    ClientConnection oldest() {
        return oldest;
    }
}
