package dev.jpm.cli.client;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.LineReader;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Welcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** One connection to the daemon: a hello, then requests answered in order. */
public final class DaemonClient implements AutoCloseable {
    private final SocketChannel channel;
    private final LineReader in;
    private final OutputStream out;
    private long nextId = 1;
    private List<String> notices = List.of();

    private DaemonClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new LineReader(Channels.newInputStream(channel), Integer.MAX_VALUE);
        this.out = Channels.newOutputStream(channel);
    }

    /** Connects and says hello; throws {@link IOException} when no daemon listens. */
    public static DaemonClient connect(JpmHome home, String version) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(home.socket()));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        DaemonClient client = new DaemonClient(channel);
        Reply hello = client.send(new Request.Hello(Protocol.VERSION, version), e -> { });
        if (!hello.ok()) {
            client.close();
            throw new DaemonRefusedException(hello);
        }
        Welcome welcome = RecordCodec.fromJson(Welcome.class, hello.result());
        client.notices = welcome.notices();
        return client;
    }

    /** What the daemon did on its own since the last CLI connected, for the user to read once (see {@link Welcome}). */
    public List<String> notices() {
        return notices;
    }

    /** Sends a request and returns its reply, passing each event before it to {@code onEvent}. */
    public Reply send(Request request, Consumer<Event> onEvent) throws IOException {
        long id = nextId++;
        try {
            out.write((Protocol.encodeRequest(id, request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // a daemon that refuses us answers and closes at once; its answer may still be waiting
            Object refusal = readQuietly();
            if (refusal instanceof Reply reply) {
                return reply;
            }
            throw e;
        }
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the daemon closed the connection");
            }
            Object message = Protocol.decodeServerLine(line);
            if (message instanceof Event event) {
                onEvent.accept(event);
            } else {
                return (Reply) message;
            }
        }
    }

    private Object readQuietly() {
        try {
            String line = in.readLine();
            return line == null ? null : Protocol.decodeServerLine(line);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The daemon answered the hello with a refusal (another user, another protocol version). */
    public static final class DaemonRefusedException extends IOException {
        private final transient Reply reply;

        DaemonRefusedException(Reply reply) {
            super(reply.error());
            this.reply = reply;
        }

        public Reply reply() {
            return reply;
        }
    }
}
