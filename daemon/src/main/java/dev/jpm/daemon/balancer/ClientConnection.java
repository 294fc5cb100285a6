package dev.jpm.daemon.balancer;

/**
 * What a loop knows of every client connection it carries, whatever the port's protocol: a tcp
 * {@link Pipe} or an {@link HttpConnection}. Lives on one {@link IoLoop}; every method runs on
 * that loop's thread.
 */
abstract class ClientConnection {
    final IoLoop loop;
    final PublicPort port;
    /** When a byte last moved either way, by the loop's clock. */
    long lastActiveNanos;
    /** When the pending backend connect times out; see {@link IoLoop#connecting}. */
    long connectDeadline;
    /** Entries of this connection in the loop's connect queue. */
    int queued;
    /** Links of the loop's {@link SilentConnections} while this connection may be given up. */
    SilentConnections silentIn;
    ClientConnection olderSilent;
    ClientConnection newerSilent;

    ClientConnection(IoLoop loop, PublicPort port) {
        this.loop = loop;
        this.port = port;
        this.lastActiveNanos = loop.now();
    }

    /** Registers the client with the loop and starts its work. */
    abstract void start();

    /** Closes the connection and everything it holds; with {@code reset}, its peers see a reset rather than a clean end. */
    abstract void close(boolean reset);

    /** A backend connect is pending. */
    abstract boolean isConnecting();

    /** The pending backend connect took longer than {@link IoLoop#CONNECT_TIMEOUT_NANOS}. */
    abstract void connectTimedOut();

    /** Called about once a second by the loop's sweep: closes the connection if one of its timeouts passed. */
    abstract void sweep(long now);
}
