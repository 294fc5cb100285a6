package dev.jpm.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.LineReader;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import dev.jpm.protocol.wire.Welcome;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply is the answer to the request it names. The daemon closes an idle connection to make
 * room with an id-0 BUSY line; monit's link found that stale line when it next wrote, and took it
 * for the answer to its request.
 */
class DaemonLinkTest {
    @TempDir
    Path home;

    @Test
    void aConnectionClosedToMakeRoomIsNotAnAnswerAndTheRequestGoesOutAgain() throws Exception {
        try (ServerSocketChannel daemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                DaemonLink link = new DaemonLink(new JpmHome(home), "test", new Deadlines(10_000, 10_000))) {
            daemon.bind(UnixDomainSocketAddress.of(home.resolve("daemon.sock")));
            CompletableFuture<Void> fake = CompletableFuture.runAsync(() -> fakeDaemon(daemon));

            Reply<Results.Pong> reply = link.send(new Request.Ping());

            assertTrue(reply.ok(), "the ping's own answer, from the second connection: " + reply);
            assertEquals(new Results.Pong(2, "test", 5), reply.result());
            fake.get(10, TimeUnit.SECONDS);
        }
    }

    /** First connection: answers the hello, then closes as an eviction does. Second: answers hello and ping. */
    private static void fakeDaemon(ServerSocketChannel daemon) {
        try {
            try (SocketChannel first = daemon.accept()) {
                LineReader in = new LineReader(Channels.newInputStream(first), Protocol.MAX_LINE_BYTES);
                answerHello(first, in);
                send(first, Reply.failure(0, ErrorCode.BUSY, "closed this idle connection; connect again"));
            }
            try (SocketChannel second = daemon.accept()) {
                LineReader in = new LineReader(Channels.newInputStream(second), Protocol.MAX_LINE_BYTES);
                answerHello(second, in);
                Protocol.Incoming ping = Protocol.decodeRequest(in.readLine());
                send(second, Reply.success(ping.id(), new Results.Pong(2, "test", 5)));
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void answerHello(SocketChannel channel, LineReader in) throws IOException {
        Protocol.Incoming hello = Protocol.decodeRequest(in.readLine());
        send(channel, Reply.success(hello.id(), new Welcome(Protocol.VERSION, "test", 2, List.of())));
    }

    private static void send(SocketChannel channel, Reply<?> reply) throws IOException {
        channel.write(ByteBuffer.wrap((Protocol.encodeReply(reply) + "\n").getBytes(StandardCharsets.UTF_8)));
    }
}
