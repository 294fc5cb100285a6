package dev.jpm.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the control server closes what it holds, not only the listening socket. */
class ControlServerCloseTest {
    @TempDir
    Path home;

    @Test
    void closingEndsTheOpenConnections() throws Exception {
        Path socket = home.resolve("daemon.sock");
        RequestHandler handler = new RequestHandler(null, null, null, "test", () -> { }, home.resolve("dump.json"),
                new dev.jpm.daemon.Notices(), null);
        ControlServer server = new ControlServer(socket, handler);
        server.start();
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            client.write(ByteBuffer.wrap((Protocol.encodeRequest(1, new Request.Ping()) + "\n").getBytes(StandardCharsets.UTF_8)));
            String answer = readUntilClosed(client, true);
            Reply<?> reply = (Reply<?>) Protocol.decodeServerLine(answer.strip(), Object.class);
            assertTrue(reply.ok(), answer);

            server.close();

            assertEquals("", readUntilClosed(client, false), "the daemon's end is closed: end of stream");
            assertFalse(Files.exists(socket));
        } finally {
            server.close();
        }
    }

    /** What arrives until a whole line (when {@code oneLine}) or the end of stream; fails after 10 s. */
    private static String readUntilClosed(SocketChannel client, boolean oneLine) throws IOException, InterruptedException {
        client.configureBlocking(false);
        StringBuilder got = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long giveUp = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < giveUp) {
            buffer.clear();
            int n = client.read(buffer);
            if (n < 0) {
                return got.toString();
            }
            got.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
            if (oneLine && got.indexOf("\n") >= 0) {
                return got.toString();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("nothing closed the connection in 10 s; got: " + got);
    }
}
