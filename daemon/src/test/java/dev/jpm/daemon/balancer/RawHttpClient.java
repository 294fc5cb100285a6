package dev.jpm.daemon.balancer;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The client side of the http tests: raw bytes out, a parsed response in, over a blocking socket. */
final class RawHttpClient {
    static final String LOCALHOST = "127.0.0.1";
    static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";

    private RawHttpClient() {
    }

    record Response(int status, Map<String, String> headers, String body) {
    }

    static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    static Response send(Socket socket, String request) throws IOException {
        write(socket, request);
        return read(socket, request.startsWith("HEAD "));
    }

    /** Reads one response; {@code head} says it answers a HEAD, so has no body whatever its headers say. */
    static Response read(Socket socket, boolean head) throws IOException {
        InputStream in = socket.getInputStream();
        String text = HttpTestBackend.readHead(in);
        if (text == null) {
            throw new IOException("closed before a response");
        }
        String[] lines = text.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).toLowerCase(), lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        String length = headers.get("content-length");
        String body;
        if (head || status < 200 || status == 204 || status == 304) {
            body = "";
        } else if (length != null) {
            body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.ISO_8859_1);
        } else if ("chunked".equals(headers.get("transfer-encoding"))) {
            StringBuilder all = new StringBuilder();
            while (true) {
                int size = Integer.parseInt(line(in).split(";")[0], 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                all.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
                line(in);
            }
            body = all.toString();
        } else {
            body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed mid-line");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Polls every 10 ms; 10 s is a deadline to detect a hang, not a performance claim. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not in 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** Reads until the peer ends the connection; true if it did within the socket's timeout. */
    static boolean ends(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    /** True once nothing listens on {@code port} any more. */
    static boolean refuses(int port) {
        try (Socket probe = new Socket(LOCALHOST, port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
