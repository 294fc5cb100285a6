package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A tcp-mode port with proxy_protocol: real backends read the header, then the client's bytes unchanged. */
@Timeout(60)
class ProxyProtocolBalancerTest {
    private static final String LOCALHOST = "127.0.0.1";
    private static final byte[] V2_SIGNATURE = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a");
    private static final String PAYLOAD = "hello through the balancer";

    private final Balancer balancer = new Balancer(2);
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** What each backend connection saw: its header as text, then the payload. */
    private final BlockingQueue<String> seen = new ArrayBlockingQueue<>(100);

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        balancer.close();
    }

    private PublicPort open(ProxyProtocol version) throws IOException {
        return balancer.open("app", new ClusterSettings(0, LOCALHOST, null, null, 0, 0, ClusterSettings.Protocol.TCP, null, version));
    }

    /** A backend that reads the header and the payload, records both, and answers "ok". */
    private TestBackend recordingBackend(int id) throws IOException {
        TestBackend backend = new TestBackend(id, (socket, ignored) -> {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String header = readHeader(in);
            String payload = new String(in.readNBytes(PAYLOAD.length()), StandardCharsets.US_ASCII);
            seen.add(header + "|" + payload);
            socket.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
        });
        resources.add(backend);
        return backend;
    }

    /** v1 as its line without CRLF; v2 as "v2 <command> <family> <source>:<port> <destination>:<port>". */
    private static String readHeader(DataInputStream in) throws IOException {
        int first = in.read();
        if (first == 'P') {
            StringBuilder line = new StringBuilder("P");
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0 || line.length() > 107) {
                    throw new IOException("no v1 line end: " + line);
                }
                line.append((char) c);
            }
            return line.substring(0, line.length() - 1);
        }
        byte[] signature = new byte[12];
        signature[0] = (byte) first;
        in.readFully(signature, 1, 11);
        if (!java.util.Arrays.equals(V2_SIGNATURE, signature)) {
            throw new IOException("not a PROXY header: " + HexFormat.of().formatHex(signature));
        }
        int command = in.readUnsignedByte();
        int family = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        int addressBytes = family == 0x11 ? 4 : 16;
        byte[] source = in.readNBytes(addressBytes);
        byte[] destination = in.readNBytes(addressBytes);
        int sourcePort = in.readUnsignedShort();
        int destinationPort = in.readUnsignedShort();
        assertEquals(2 * addressBytes + 4, length, "length");
        return String.format("v2 %02x %02x %s:%d %s:%d", command, family, InetAddress.getByAddress(source).getHostAddress(),
                sourcePort, InetAddress.getByAddress(destination).getHostAddress(), destinationPort);
    }

    private Socket connect(PublicPort port) throws IOException {
        Socket socket = new Socket();
        resources.add(socket);
        socket.bind(new InetSocketAddress(LOCALHOST, 0));
        socket.connect(new InetSocketAddress(LOCALHOST, port.port()));
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String sendAndReadReply(Socket socket) throws IOException {
        socket.getOutputStream().write(PAYLOAD.getBytes(StandardCharsets.US_ASCII));
        return new String(socket.getInputStream().readNBytes(2), StandardCharsets.US_ASCII);
    }

    private String next() throws InterruptedException {
        String s = seen.poll(20, TimeUnit.SECONDS);
        assertTrue(s != null, "no backend saw the connection");
        return s;
    }

    @Test
    void v1TellsTheBackendTheClientsAddressAndPort() throws Exception {
        TestBackend backend = recordingBackend(1);
        PublicPort port = open(ProxyProtocol.V1);
        port.addBackend(backend.id, backend.port());
        Socket client = connect(port);

        assertEquals("ok", sendAndReadReply(client));
        assertEquals("PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " " + port.port() + "|" + PAYLOAD, next());
    }

    @Test
    void v2TellsTheBackendTheClientsAddressAndPort() throws Exception {
        TestBackend backend = recordingBackend(1);
        PublicPort port = open(ProxyProtocol.V2);
        port.addBackend(backend.id, backend.port());
        Socket client = connect(port);

        assertEquals("ok", sendAndReadReply(client));
        assertEquals("v2 21 11 127.0.0.1:" + client.getLocalPort() + " 127.0.0.1:" + port.port() + "|" + PAYLOAD, next());
    }

    @Test
    void aFailoverToTheNextBackendSendsTheHeaderThere() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        TestBackend live = recordingBackend(1);
        PublicPort port = open(ProxyProtocol.V2);
        port.addBackend(9, deadPort);
        port.addBackend(live.id, live.port());
        for (int i = 0; i < 10; i++) {
            try (Socket client = connect(port)) {
                // the payload goes out at once, so it may well wait in the balancer while it fails over
                assertEquals("ok", sendAndReadReply(client));
                assertEquals("v2 21 11 127.0.0.1:" + client.getLocalPort() + " 127.0.0.1:" + port.port() + "|" + PAYLOAD, next());
            }
        }
        assertTrue(port.failedConnects() > 0, "the dead backend was tried");
    }

    @Test
    void bytesTheClientSentBeforeTheBackendConnectedComeAfterTheHeader() throws Exception {
        // A listener whose accept queue is full drops the balancer's SYN, so its connect waits for the
        // retransmit (1 s on Linux, under the 3 s connect timeout) while the client's bytes arrive.
        ServerSocket slow = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(slow);
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket filler = new Socket(LOCALHOST, slow.getLocalPort());
            resources.add(filler);
            fillers.add(filler);
        }
        PublicPort port = open(ProxyProtocol.V1);
        port.addBackend(1, slow.getLocalPort());
        Socket client = connect(port);
        client.getOutputStream().write(PAYLOAD.getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(300);

        for (int i = 0; i < fillers.size(); i++) {
            slow.accept().close();
        }
        slow.setSoTimeout(20_000);
        try (Socket backend = slow.accept()) {
            InputStream in = backend.getInputStream();
            String expected = "PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " " + port.port() + "\r\n" + PAYLOAD;
            assertEquals(expected, new String(in.readNBytes(expected.length()), StandardCharsets.US_ASCII));
        }
    }
}
