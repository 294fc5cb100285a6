package dev.jpm.cli.client;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.LineReader;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Requests;
import dev.jpm.protocol.wire.Welcome;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;

/**
 * One connection to the daemon: a hello, then requests answered in order. Every wait has a
 * deadline ({@link Deadlines}); a daemon that stays silent past it is reported as possibly frozen.
 */
public final class DaemonClient implements AutoCloseable {
    private final JpmHome home;
    private final SocketChannel channel;
    private final Watchdog watchdog;
    private final Deadlines deadlines;
    private final LineReader in;
    private final OutputStream out;
    private long nextId = 1;
    private List<String> notices = List.of();

    private DaemonClient(JpmHome home, SocketChannel channel, Watchdog watchdog, Deadlines deadlines) {
        this.home = home;
        this.channel = channel;
        this.watchdog = watchdog;
        this.deadlines = deadlines;
        this.in = new LineReader(Channels.newInputStream(channel), Integer.MAX_VALUE);
        this.out = Channels.newOutputStream(channel);
    }

    /**
     * Connects and says hello; throws {@link DaemonTimeoutException} when the daemon does not
     * answer in time, and another {@link IOException} when no daemon listens.
     */
    public static DaemonClient connect(JpmHome home, String version, Deadlines deadlines) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Watchdog watchdog = new Watchdog(channel);
        DaemonClient client = new DaemonClient(home, channel, watchdog, deadlines);
        watchdog.arm(deadlines.helloMs());
        try {
            channel.connect(UnixDomainSocketAddress.of(home.socket()));
        } catch (IOException e) {
            client.close();
            throw client.timedOut(e, deadlines.helloMs());
        }
        Reply<Welcome> hello = client.exchange(new Request.Hello(Protocol.VERSION, version), e -> { }, deadlines.helloMs());
        if (!hello.ok()) {
            client.close();
            throw new DaemonRefusedException(hello);
        }
        client.notices = hello.result().notices();
        return client;
    }

    /** What the daemon did on its own since the last CLI connected, for the user to read once (see {@link Welcome}). */
    public List<String> notices() {
        return notices;
    }

    /** Sends a request and returns its reply, passing each event before it to {@code onEvent}. */
    public <R> Reply<R> send(Request<R> request, Consumer<Event> onEvent) throws IOException {
        return exchange(request, onEvent, deadlines.replyMs());
    }

    private <R> Reply<R> exchange(Request<R> request, Consumer<Event> onEvent, long deadlineMs) throws IOException {
        watchdog.arm(deadlineMs);
        try {
            return await(request, onEvent, deadlineMs);
        } catch (IOException e) {
            throw timedOut(e, deadlineMs);
        } finally {
            watchdog.disarm();
        }
    }

    private <R> Reply<R> await(Request<R> request, Consumer<Event> onEvent, long deadlineMs) throws IOException {
        Type resultType = Requests.resultTypeOf(request);
        long id = nextId++;
        try {
            out.write((Protocol.encodeRequest(id, request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // a daemon that refuses us answers and closes at once; its answer may still be waiting
            Object refusal = readQuietly(resultType);
            if (refusal instanceof Reply<?> reply) {
                return answerTo(request, id, reply);
            }
            throw new NotDeliveredException(e);
        }
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the daemon closed the connection");
            }
            Object message = Protocol.decodeServerLine(line, resultType);
            if (message instanceof Reply<?> reply) {
                return answerTo(request, id, reply);
            }
            // an event, or null for one this CLI does not know: either way the daemon is alive
            watchdog.arm(deadlineMs);
            if (message instanceof Event event) {
                onEvent.accept(event);
            }
        }
    }

    /**
     * The reply, checked to be the one for request {@code id}. The daemon refuses a whole
     * connection with id 0 (another user, busy) and also closes an idle one with an id-0 BUSY
     * line to make room: to a hello that is its answer, but after the hello it only means the
     * connection was closed before our request was read, so it was not acted on.
     */
    @SuppressWarnings("unchecked") // decodeServerLine read the result as resultTypeOf(request), which is R
    private static <R> Reply<R> answerTo(Request<R> request, long id, Reply<?> reply) throws IOException {
        if (reply.id() == id || (reply.id() == 0 && request instanceof Request.Hello)) {
            return (Reply<R>) reply;
        }
        if (reply.id() == 0) {
            throw new NotDeliveredException(new IOException("the daemon closed the connection before reading the request: " + reply.error()));
        }
        throw new IOException("the daemon answered request " + reply.id() + " while request " + id + " waited");
    }

    private Object readQuietly(Type resultType) {
        try {
            String line = in.readLine();
            return line == null ? null : Protocol.decodeServerLine(line, resultType);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The failure as the user should read it: a deadline that passed, or what really broke. */
    private IOException timedOut(IOException failure, long deadlineMs) {
        return watchdog.fired() ? new DaemonTimeoutException(daemonPid(), deadlineMs) : failure;
    }

    private String daemonPid() {
        try {
            return Files.readString(home.pidFile()).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        watchdog.disarm();
        channel.close();
    }

    /** The daemon answered the hello with a refusal (another user, another protocol version, busy). */
    public static final class DaemonRefusedException extends IOException {
        private final transient Reply<?> reply;

        DaemonRefusedException(Reply<?> reply) {
            super(reply.error());
            this.reply = reply;
        }

        public Reply<?> reply() {
            return reply;
        }
    }

    /**
     * The request could not even be written, or the daemon closed the connection before reading
     * it (an idle connection is closed after a minute, or to make room for a new one), so it
     * cannot have acted on it.
     */
    public static final class NotDeliveredException extends IOException {
        NotDeliveredException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The daemon stayed silent past a deadline: frozen (SIGSTOP), stuck, or starved. */
    public static final class DaemonTimeoutException extends IOException {
        DaemonTimeoutException(String pid, long deadlineMs) {
            super("the jpm daemon (pid " + pid + ") did not answer within " + readable(deadlineMs)
                    + "; it may be frozen. 'ps -o stat= -p " + pid + "' shows T if it was stopped: 'kill -CONT " + pid
                    + "' resumes it. If it is stuck, 'kill -9 " + pid + "' ends it; the instances keep running and"
                    + " the next jpm command starts a new daemon that adopts them. If it is only slow, allow more"
                    + " time with --timeout (e.g. 'jpm --timeout 60s ...').");
        }

        private static String readable(long ms) {
            return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
        }
    }
}
