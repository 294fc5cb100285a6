package dev.jpm.daemon.control;

import dev.jpm.daemon.Log;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.JsonException;
import dev.jpm.protocol.wire.LineReader;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.ProtocolException;
import dev.jpm.protocol.wire.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One client connection: reads request lines, hands each to the {@link RequestHandler} and
 * writes its events and reply. A line that is not a valid request gets an error reply and the
 * connection stays usable; nothing a client sends can take the daemon down.
 */
final class Connection implements Runnable, Replies {
    private final SocketChannel channel;
    private final RequestHandler handler;
    private final PeerCheck peerCheck;
    private final OutputStream out;

    Connection(SocketChannel channel, RequestHandler handler, PeerCheck peerCheck) {
        this.channel = channel;
        this.handler = handler;
        this.peerCheck = peerCheck;
        this.out = Channels.newOutputStream(channel);
    }

    @Override
    public void run() {
        try (channel) {
            String stranger = peerCheck.strangerOrNull(channel);
            if (stranger != null) {
                Log.warn("refused a connection from user '" + stranger + "'");
                reply(Reply.failure(0, ErrorCode.FORBIDDEN, "this daemon belongs to user '" + peerCheck.ownUser()
                        + "'; user '" + stranger + "' may not control it"));
                return;
            }
            LineReader lines = new LineReader(Channels.newInputStream(channel), Protocol.MAX_LINE_BYTES);
            while (true) {
                String line;
                try {
                    line = lines.readLine();
                } catch (LineReader.LineTooLongException e) {
                    reply(Reply.failure(0, ErrorCode.BAD_REQUEST, e.getMessage()));
                    continue;
                }
                if (line == null) {
                    return;
                }
                if (!line.isBlank() && !serve(line)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away mid-answer: nothing to tell it
        } catch (RuntimeException e) {
            Log.error("connection failed", e);
        }
    }

    /** Answers one line; false when the connection should close. */
    private boolean serve(String line) {
        Protocol.Incoming incoming;
        try {
            incoming = Protocol.decodeRequest(line);
        } catch (ProtocolException e) {
            reply(Reply.failure(e.requestId(), ErrorCode.BAD_REQUEST, e.getMessage()));
            return true;
        } catch (JsonException e) {
            reply(Reply.failure(0, ErrorCode.BAD_REQUEST, "not a JSON request: " + e.getMessage()));
            return true;
        }
        return handler.handle(incoming, this);
    }

    @Override
    public void event(Event event) {
        write(Protocol.encodeEvent(event));
    }

    @Override
    public void reply(Reply reply) {
        write(Protocol.encodeReply(reply));
    }

    private void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
        }
    }

    /** The client closed its end; whatever was answering it stops. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super(cause);
        }
    }
}
