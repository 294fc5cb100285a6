package dev.jpm.daemon.balancer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend that does exactly what a test tells it, byte for byte: one thread per connection runs the test's handler. */
final class RawBackend implements AutoCloseable {
    interface Handler {
        void serve(Socket socket, int connection, RawBackend self) throws Exception;
    }

    final ServerSocket server;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RawBackend(int receiveBuffer, Handler handler) throws IOException {
        server = new ServerSocket();
        if (receiveBuffer > 0) {
            server.setReceiveBufferSize(receiveBuffer); // inherited by the accepted sockets
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    int connection = accepted.incrementAndGet();
                    open.incrementAndGet();
                    sockets.add(socket);
                    Thread t = new Thread(() -> {
                        try (socket) {
                            handler.serve(socket, connection, this);
                        } catch (Exception e) {
                            // the balancer went away
                        } finally {
                            open.decrementAndGet();
                        }
                    }, "raw-backend-" + connection);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-backend-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Reads a head and records it; null at the end of the connection. */
    String head(Socket socket) throws IOException {
        String head = HttpTestBackend.readHead(socket.getInputStream());
        if (head != null) {
            heads.add(head);
        }
        return head;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
