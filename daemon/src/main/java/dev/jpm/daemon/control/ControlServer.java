package dev.jpm.daemon.control;

import dev.jpm.daemon.Log;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts CLI connections on {@code daemon.sock}, a thread per connection: a handful of CLIs at
 * once is the most a daemon sees, and a thread per connection keeps each request's code plain.
 */
public final class ControlServer implements AutoCloseable {
    private final Path socket;
    private final RequestHandler handler;
    private final PeerCheck peerCheck = new PeerCheck();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocketChannel server;

    public ControlServer(Path socket, RequestHandler handler) {
        this.socket = socket;
        this.handler = handler;
    }

    /**
     * Binds the socket. The caller holds the daemon lock, so a socket file already there was left
     * by a daemon that died: it is removed, since bind would fail on it.
     */
    public void start() throws IOException {
        if (Files.deleteIfExists(socket)) {
            Log.info("removed a stale socket file " + socket);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        Thread acceptor = new Thread(this::acceptLoop, "control-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (true) {
            try {
                SocketChannel channel = server.accept();
                Thread t = new Thread(new Connection(channel, handler, peerCheck), "control-" + connections.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                Log.error("accept failed", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(socket);
    }
}
