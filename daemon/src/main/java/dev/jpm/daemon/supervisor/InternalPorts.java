package dev.jpm.daemon.supervisor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a free port on 127.0.0.1 for a cluster instance. The OS chooses it (bind to 0) and we let
 * it go at once for the instance to bind; another program could take it in between, in which case
 * the instance fails to listen and is restarted on a new port.
 */
final class InternalPorts {
    private InternalPorts() {
    }

    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
