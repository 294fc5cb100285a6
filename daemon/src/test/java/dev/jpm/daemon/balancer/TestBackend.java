package dev.jpm.daemon.balancer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A small blocking server on 127.0.0.1, a thread per connection, for the balancer to forward to. */
final class TestBackend implements AutoCloseable {

    interface Handler {
        void handle(Socket socket, int id) throws IOException;
    }

    final int id;
    private final ServerSocket server;
    private final Handler handler;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    TestBackend(int id, Handler handler) throws IOException {
        this.id = id;
        this.handler = handler;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        start("accept-" + id, this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                sockets.add(socket);
                start("backend-" + id, () -> {
                    try (socket) {
                        handler.handle(socket, id);
                    } catch (IOException e) {
                        // the peer went away; nothing to check here
                    }
                });
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                pause(); // out of descriptors for a moment (BalancerTest lowers the limit): try again
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends its id as a line, then echoes everything until EOF. */
    static void idThenEcho(Socket socket, int id) throws IOException {
        socket.getOutputStream().write((id + "\n").getBytes());
        socket.getOutputStream().flush();
        echo(socket, id);
    }

    /** Sends its id as a line, then echoes byte by byte: a thread blocked here holds no 64 KB temporary direct buffer. */
    static void idThenEchoBytes(Socket socket, int id) throws IOException {
        socket.getOutputStream().write((id + "\n").getBytes());
        socket.getOutputStream().flush();
        int c;
        while ((c = socket.getInputStream().read()) >= 0) {
            socket.getOutputStream().write(c);
        }
        socket.shutdownOutput();
    }

    static void echo(Socket socket, int id) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = socket.getInputStream().read(buf)) > 0) {
            socket.getOutputStream().write(buf, 0, n);
        }
        socket.shutdownOutput();
    }
}
