package dev.jpm.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket, for tests that must send what no well-behaved client
 * would (smuggling, folded headers, bytes trickled one by one) and see every byte of the answer.
 * It frames responses itself, the way RFC 9112, 6.3 says, so it notices a proxy that sends a body
 * after HEAD, 204 or 304, or one too short.
 */
final class RawHttp implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A response: status, header fields by lower-case name, the decoded body. */
    record Response(int status, String statusLine, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }
    }

    RawHttp(int port) throws IOException {
        this(port, InetAddress.getLoopbackAddress());
    }

    /** Connects from {@code local}: any 127.x.y.z works on Linux, so a test can tell its client's address apart. */
    RawHttp(int port, InetAddress local) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One GET with the Host header and nothing else, on this (kept-alive) connection. */
    Response get(String path) throws IOException {
        send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        return read("GET");
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** The next response head and its body, framed as the answer to a request with {@code method}. */
    Response read(String method) throws IOException {
        List<String> lines = readHead();
        String statusLine = lines.get(0);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        Response head = new Response(status, statusLine, headers, "");
        byte[] body;
        if ("HEAD".equals(method) || status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            body = readChunked();
        } else if (head.header("content-length") != null) {
            body = readExactly(Integer.parseInt(head.header("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, statusLine, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the peer closes (or resets) the connection within the read timeout, false when it keeps it open. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;   // a reset is a close too
        }
    }

    /** Reads one byte if one comes within {@code millis}: -1 at end of stream, -2 when none came. */
    int poll(int millis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    InputStream input() {
        return in;
    }

    private List<String> readHead() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new IOException("empty response head");
        }
        return lines;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed after " + line.size() + " bytes of a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int size;
        while ((size = Integer.parseInt(readLine().split(";")[0].trim(), 16)) > 0) {
            body.write(readExactly(size));
            readLine();
        }
        while (!readLine().isEmpty()) {
            // trailer fields
        }
        return body.toByteArray();
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("body cut short: " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
