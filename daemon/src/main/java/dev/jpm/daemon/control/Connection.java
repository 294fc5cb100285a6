package dev.jpm.daemon.control;

import dev.jpm.daemon.Log;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.JsonException;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.ProtocolException;
import dev.jpm.protocol.wire.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One client connection. The control server's I/O thread reads its bytes and cuts them into
 * lines ({@link #take}); once a line is complete, a worker thread answers it ({@link #serve}),
 * writing events and the reply, while the I/O thread leaves the connection alone. So an idle
 * connection costs a descriptor and a few hundred bytes, never a thread. A line that is not a
 * valid request gets an error reply and the connection stays usable; nothing a client sends can
 * take the daemon down.
 *
 * <p>Ownership: the line state ({@code partial}, {@code lines}) belongs to the I/O thread while
 * the connection is idle and to the serving worker while a request runs; the hand-over goes
 * through the worker pool's queue one way and the server's queue of returns the other, both of
 * which order the memory.
 */
final class Connection implements Replies {
    /**
     * The channel stays non-blocking (the selector needs it so), so a reply bigger than the socket
     * buffer waits in short pauses; a client that takes nothing for this long (a CLI stopped with
     * Ctrl-Z) is dropped, so it cannot hold a worker for ever.
     */
    private static final long WRITE_STALL_MS = 60_000;
    private static final long MAX_WRITE_PAUSE_MS = 50;
    /** Stands in the line queue for a line that was over the size limit and skipped. */
    static final String TOO_LONG = new String("too long");

    /** A request is a few hundred bytes; a buffer grown past this by a big one is dropped, not kept. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    private final SocketChannel channel;
    private ByteArrayOutputStream partial = new ByteArrayOutputStream(0);
    private final Queue<String> lines = new ArrayDeque<>(2);
    private boolean skippingLongLine;
    /** Read and written by the I/O thread only. */
    private long lastActivityMs;
    private boolean inRequest;

    Connection(SocketChannel channel, long nowMs) {
        this.channel = channel;
        this.lastActivityMs = nowMs;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Adds bytes read from the client; true when a complete line waits to be served. */
    boolean take(ByteBuffer bytes, long nowMs) {
        lastActivityMs = nowMs;
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                lines.add(skippingLongLine ? TOO_LONG : partial.toString(StandardCharsets.UTF_8));
                partial = partial.size() > KEPT_BUFFER_BYTES ? new ByteArrayOutputStream(0) : reset(partial);
                skippingLongLine = false;
            } else if (!skippingLongLine) {
                if (partial.size() >= Protocol.MAX_LINE_BYTES) {
                    skippingLongLine = true;
                    partial = new ByteArrayOutputStream(0);
                } else {
                    partial.write(b);
                }
            }
        }
        return !lines.isEmpty();
    }

    private static ByteArrayOutputStream reset(ByteArrayOutputStream buffer) {
        buffer.reset();
        return buffer;
    }

    /** The next complete line ({@link #TOO_LONG} for one that was skipped); null when none waits. */
    String nextLine() {
        return lines.poll();
    }

    long lastActivityMs() {
        return lastActivityMs;
    }

    boolean inRequest() {
        return inRequest;
    }

    /** The I/O thread hands the connection to a worker, or takes it back ({@code nowMs} restarts its idle time). */
    void inRequest(boolean serving, long nowMs) {
        inRequest = serving;
        lastActivityMs = nowMs;
    }

    /** On a worker: answers every complete line; false when the connection should close. */
    boolean serve(RequestHandler handler) {
        try {
            String line;
            while ((line = nextLine()) != null) {
                if (line == TOO_LONG) {
                    reply(Reply.failure(0, ErrorCode.BAD_REQUEST, "request longer than " + Protocol.MAX_LINE_BYTES + " bytes"));
                } else if (!line.isBlank() && !answer(line, handler)) {
                    return false;
                }
            }
            return true;
        } catch (ClientGoneException e) {
            return false;
        } catch (RuntimeException e) {
            Log.error("connection failed", e);
            return false;
        }
    }

    private boolean answer(String line, RequestHandler handler) {
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
    public void reply(Reply<?> reply) {
        write(Protocol.encodeReply(reply));
    }

    /**
     * Says why, then closes; on the I/O thread, so the one short line is offered once and never
     * waited for: a client that left its earlier answers unread gets the close alone.
     */
    void refuse(ErrorCode code, String why) {
        try {
            channel.write(ByteBuffer.wrap((Protocol.encodeReply(Reply.failure(0, code, why)) + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // it left already; closing is all that is left
        }
        close();
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to tell a client we are dropping
        }
    }

    private synchronized void write(String line) {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            long stalledSince = -1;
            long pauseMs = 1;
            while (bytes.hasRemaining()) {
                if (channel.write(bytes) > 0) {
                    stalledSince = -1;
                    pauseMs = 1;
                    continue;
                }
                long now = System.currentTimeMillis();
                if (stalledSince < 0) {
                    stalledSince = now;
                } else if (now - stalledSince > WRITE_STALL_MS) {
                    throw new IOException("the client read nothing for " + WRITE_STALL_MS / 1000 + " s");
                }
                Thread.sleep(pauseMs);
                pauseMs = Math.min(pauseMs * 2, MAX_WRITE_PAUSE_MS);
            }
        } catch (IOException e) {
            throw new ClientGoneException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGoneException(new IOException("interrupted while writing"));
        }
    }

    /** The client closed its end; whatever was answering it stops. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super(cause);
        }
    }
}
