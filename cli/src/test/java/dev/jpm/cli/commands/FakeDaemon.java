package dev.jpm.cli.commands;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.LineReader;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Welcome;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A stand-in daemon on a real Unix socket in the home, speaking the real protocol: it answers the
 * hello with a {@link Welcome} (or the given refusal) and every other request with the lines the
 * test's script returns, so a command's reading of replies and its exit codes run for real,
 * without processes. One thread, the accept loop, owns the connections; {@link #requests} is read
 * by the test after the command returned.
 */
final class FakeDaemon implements AutoCloseable {
    private final JpmHome home;
    private final ServerSocketChannel server;
    private final Thread loop;
    private final List<Request<?>> requests = new CopyOnWriteArrayList<>();

    /**
     * {@code script} gets each request's id and the request and returns the lines to send (events,
     * then the reply), or null to hang up.
     */
    FakeDaemon(JpmHome home, Reply<?> hello, BiFunction<Long, Request<?>, List<String>> script) throws IOException {
        this.home = home;
        Files.createDirectories(home.root());
        Files.setPosixFilePermissions(home.root(), PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(home.socket());
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(home.socket()));
        loop = new Thread(() -> serve(hello, script), "fake-daemon");
        loop.setDaemon(true);
        loop.start();
    }

    FakeDaemon(JpmHome home, BiFunction<Long, Request<?>, List<String>> script) throws IOException {
        this(home, Reply.success(0, new Welcome(Protocol.VERSION, "9.9.9", 4242, List.of())), script);
    }

    List<Request<?>> requests() {
        return requests;
    }

    private void serve(Reply<?> hello, BiFunction<Long, Request<?>, List<String>> script) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                LineReader in = new LineReader(Channels.newInputStream(client), Protocol.MAX_LINE_BYTES);
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Protocol.Incoming incoming = Protocol.decodeRequest(line);
                    if (incoming.request() instanceof Request.Hello) {
                        Reply<?> answer = new Reply<>(incoming.id(), hello.ok(), hello.error(), hello.code(), hello.result());
                        send(client, Protocol.encodeReply(answer));
                        continue;
                    }
                    requests.add(incoming.request());
                    List<String> lines = script.apply(incoming.id(), incoming.request());
                    if (lines == null) {
                        break; // hang up, as a daemon that dies in the middle of a request
                    }
                    for (String out : lines) {
                        send(client, out);
                    }
                }
            } catch (IOException e) {
                // the test closed the server, or the command hung up: the next accept tells which
            }
        }
    }

    private static void send(SocketChannel client, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        loop.join(5_000);
        Files.deleteIfExists(home.socket());
    }
}
