package dev.jpm.daemon.balancer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small blocking HTTP/1.1 server on 127.0.0.1 for the balancer's http mode to forward to: a
 * thread per connection, keep-alive, Content-Length and chunked request bodies. Each request is
 * recorded (head and body) and answered by a {@link Responder}.
 */
final class HttpTestBackend implements AutoCloseable {

    record Request(String head, byte[] body, int connection) {
        String method() {
            return head.substring(0, head.indexOf(' '));
        }

        /** The first value of a header, or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    interface Responder {
        /** The whole response to write, or null to close the connection without answering. */
        byte[] respond(Request request, Socket socket, int id) throws IOException;
    }

    final int id;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Responder responder;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByPeer = new AtomicInteger();

    HttpTestBackend(int id, Responder responder) throws IOException {
        this.id = id;
        this.responder = responder;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "http-backend-" + id);
        accept.setDaemon(true);
        accept.start();
    }

    /** Answers every request 200 with a body naming this backend. */
    static Responder ok() {
        return (request, socket, id) -> response(200, "backend " + id + "\n");
    }

    static byte[] response(int status, String body) {
        return ("HTTP/1.1 " + status + " X\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** Connections the balancer closed while they waited for a request. */
    int closedByPeer() {
        return closedByPeer.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int connection = accepted.incrementAndGet();
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket, connection), "http-backend-" + id + "-" + connection);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    closedByPeer.incrementAndGet();
                    return;
                }
                Request request = new Request(head, readBody(head, in), connection);
                requests.add(request);
                byte[] answer = responder.respond(request, socket, id);
                if (answer == null) {
                    return;
                }
                out.write(answer);
                out.flush();
                if ("close".equalsIgnoreCase(request.header("Connection"))) {
                    return;
                }
            }
        } catch (IOException e) {
            // the balancer went away
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static byte[] readBody(String head, InputStream in) throws IOException {
        Request probe = new Request(head, null, 0);
        String length = probe.header("Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        String coding = probe.header("Transfer-Encoding");
        if (coding == null || !coding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            int size = Integer.parseInt(line.split(";")[0].strip(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Stops accepting and drops every connection, as a killed instance does. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
