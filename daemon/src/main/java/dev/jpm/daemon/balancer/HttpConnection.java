package dev.jpm.daemon.balancer;

import dev.jpm.daemon.balancer.http.ChunkedBody;
import dev.jpm.daemon.balancer.http.Forwarding;
import dev.jpm.daemon.balancer.http.HeadEnd;
import dev.jpm.daemon.balancer.http.HttpError;
import dev.jpm.daemon.balancer.http.RequestHead;
import dev.jpm.daemon.balancer.http.ResponseHead;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A client connection of an http-mode port. Each request it carries is sent, on its own, to an
 * online instance over a pooled keep-alive {@link BackendConnection}, so the client's connection
 * is never bound to an instance: a reload, a scale-down or a crash moves its next request
 * elsewhere, and a request whose backend failed before any byte of the response came back is
 * sent again to another instance when that is safe (an idempotent method, or nothing written
 * yet, and the whole request still in the buffer). Lives on one {@link IoLoop}; every method runs
 * on that loop's thread.
 *
 * <p>One request at a time: the bytes of a pipelined next request wait in the client buffer,
 * unread further, until the response to the current one is out. Bytes move between a read
 * buffer and the other side's socket without copies, except the request head, which is rewritten
 * (hop-by-hop fields dropped, X-Forwarded-* added), and a response head that must say
 * {@code Connection: close}. Backpressure is as in tcp mode: a side is read only once what was
 * read from it is written on.
 *
 * <p>After a 101 (WebSocket) both directions become a byte tunnel until either side ends.
 */
final class HttpConnection extends ClientConnection {
    /** Reading a request head (between requests, too). */
    private static final int HEAD = 0;
    /** A request is on its way to a backend and/or its response on its way back. */
    private static final int EXCHANGE = 1;
    /** After a 101: bytes both ways, unchanged. */
    private static final int TUNNEL = 2;
    /** jpm answered the request itself; the connection ends once the answer is out. */
    private static final int ANSWERED = 3;
    private static final int CLOSED = 4;

    private final SocketChannel client;
    private final HttpTimeouts timeouts;
    private final HeadEnd requestHeadEnd = new HeadEnd(true);
    private final HeadEnd responseHeadEnd = new HeadEnd(false);
    private final ChunkedBody requestChunks = new ChunkedBody();
    private final ChunkedBody responseChunks = new ChunkedBody(false);
    private final TriedBackends tried = new TriedBackends();
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private SelectionKey clientKey;
    private int clientInterest = -1;
    private Forwarding forwarding;
    private int stage = HEAD;

    // client to backend
    /** Bytes read from the client, in read mode ([position, limit) not yet handled); null while none. */
    private ByteBuffer fromClient;
    /** Bytes after fromClient's position already scanned for the end of the head. */
    private int headScanned;
    /** When the first byte of the head being read arrived; 0 while none has. */
    private long headStartedNanos;
    private RequestHead request;
    /** The request head as the backend is sent it, in read mode. */
    private ByteBuffer head;
    /** Index in fromClient of the request's first body byte, where a resend starts again. */
    private int bodyStart;
    /** fromClient bytes [position, sendEnd) belong to the request and are to be written to the backend. */
    private int sendEnd;
    /** Content-Length body: bytes not yet counted into sendEnd. */
    private long bodyLeft;
    /** Every byte of the request is counted into sendEnd. */
    private boolean requestComplete;
    /** Head and body are still whole in the buffers, so the request can be sent again. */
    private boolean replayable;
    private boolean clientEof;
    private long requestNanos;

    // backend to client
    private Backend backend;
    private BackendConnection conn;
    private boolean connecting;
    /** A byte of this request was written to the current backend connection. */
    private boolean sentAny;
    /** A pooled connection failed this request: it goes over new connections only. */
    private boolean freshOnly;
    /** The last failed attempt was a connect that timed out: a 504 rather than a 502 if none is left. */
    private boolean lastTimedOut;
    private ByteBuffer fromBackend;
    private int responseScanned;
    private ResponseHead response;
    /** The response head rewritten for the client, or null when its bytes go as they came. */
    private ByteBuffer responseHead;
    /** fromBackend bytes [position, forwardEnd) are to be written to the client. */
    private int forwardEnd;
    private long responseLeft;
    /** A byte of the response arrived: the request is not sent again. */
    private boolean responseStarted;
    /** A byte of the response was written to the client: jpm can no longer answer in its place. */
    private boolean clientGotResponse;
    private boolean responseComplete;
    /** The backend sent more than the response: its connection is not reused. */
    private boolean backendOverran;
    private boolean backendEof;
    private boolean closeAfterResponse;
    /** jpm's own answer being written, or null. */
    private ByteBuffer answer;
    private long answeredNanos;

    HttpConnection(IoLoop loop, PublicPort port, SocketChannel client) {
        super(loop, port);
        this.client = client;
        this.timeouts = loop.httpTimeouts();
    }

    @Override
    void start() {
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (port.settings.forwarded()) {
                forwarding = new Forwarding((InetSocketAddress) client.getRemoteAddress(), port.port());
            }
            clientKey = loop.register(client, SelectionKey.OP_READ, this);
            clientInterest = SelectionKey.OP_READ;
        } catch (IOException e) {
            close(false);
        }
    }

    // ---- events

    void clientReady(int ops) {
        if (stage == CLOSED) {
            return;
        }
        try {
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                flushToClient();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && stage != CLOSED) {
                readClient();
            }
        } catch (IOException e) {
            close(true);
        } catch (HttpError e) {
            refuse(e.status());
        }
        updateInterest();
    }

    void backendReady(int ops) {
        if (stage == CLOSED || conn == null) {
            return;
        }
        try {
            if (connecting) {
                if ((ops & SelectionKey.OP_CONNECT) != 0) {
                    finishConnect();
                }
            } else {
                if ((ops & SelectionKey.OP_WRITE) != 0) {
                    flushToBackend();
                }
                if ((ops & SelectionKey.OP_READ) != 0 && conn != null && !connecting) {
                    readBackend();
                }
            }
        } catch (IOException e) {
            backendFailed(false);
        } catch (HttpError e) {
            badResponse();
        }
        updateInterest();
    }

    // ---- the client side

    private void readClient() throws IOException, HttpError {
        switch (stage) {
            case HEAD -> readHead();
            case EXCHANGE -> {
                if (requestComplete) {
                    readAhead();
                } else {
                    readBody();
                }
            }
            case TUNNEL -> readBody();
            case ANSWERED -> drainAfterAnswer();
            default -> {
            }
        }
    }

    private void readHead() throws IOException, HttpError {
        if (fromClient == null) {
            fromClient = emptyBuffer();
        }
        int n = fill(client, fromClient);
        if (n < 0) {
            close(false); // the client ended between requests, or gave up on a head
            return;
        }
        if (n == 0) {
            return;
        }
        lastActiveNanos = loop.now();
        if (headStartedNanos == 0) {
            headStartedNanos = loop.now();
            loop.spoke(this);
        }
        takeRequests();
    }

    /** Parses the head in the buffer, if whole, and starts its exchange. */
    private void takeRequests() throws HttpError {
        int from = fromClient.position() + headScanned;
        int end = requestHeadEnd.scan(fromClient, from, fromClient.limit());
        if (end < 0) {
            headScanned = fromClient.remaining();
            return;
        }
        startExchange(end);
    }

    private void startExchange(int end) throws HttpError {
        int start = fromClient.position() + requestHeadEnd.leadingBlankBytes();
        request = RequestHead.parse(fromClient, start, end);
        requestHeadEnd.reset();
        headScanned = 0;
        requestNanos = loop.now();
        stage = EXCHANGE;
        head = loop.buffers.borrow();
        request.writeForBackend(fromClient, head, forwarding);
        head.flip();
        fromClient.position(end);
        bodyStart = end;
        sendEnd = end;
        requestComplete = false;
        replayable = true;
        closeAfterResponse = !request.keepAlive();
        if (request.chunked()) {
            requestChunks.reset();
            bodyLeft = -1;
        } else {
            bodyLeft = Math.max(0, request.contentLength());
        }
        countBody();
        dispatch();
    }

    /** Counts the request bytes now in the buffer into sendEnd, up to the end of the request. */
    private void countBody() throws HttpError {
        int available = fromClient.limit();
        if (stage == TUNNEL) {
            sendEnd = available;
        } else if (requestComplete) {
            return;
        } else if (bodyLeft < 0) {
            int end = requestChunks.scan(fromClient, sendEnd, available);
            sendEnd = end < 0 ? available : end;
            requestComplete = end >= 0;
        } else {
            long take = Math.min(bodyLeft, available - sendEnd);
            sendEnd += (int) take;
            bodyLeft -= take;
            requestComplete = bodyLeft == 0;
        }
    }

    /** More of the request body (or, tunnelled, anything) once what was read is written on. */
    private void readBody() throws IOException, HttpError {
        if (fromClient == null) {
            fromClient = emptyBuffer();
        } else if (fromClient.hasRemaining()) {
            return; // not written on yet
        }
        if (fromClient.position() > bodyStart) {
            replayable = false; // body bytes that were sent are about to be overwritten
        }
        int n = fill(client, fromClient);
        bodyStart = 0;
        sendEnd = 0;
        if (n < 0) {
            clientEof = true;
            if (stage == TUNNEL) {
                endTunnel();
            } else if (!requestComplete) {
                close(true); // the client gave up on its own request
            }
            return;
        }
        if (n > 0) {
            lastActiveNanos = loop.now();
            replayable = false;
            countBody();
            flushToBackend();
        }
    }

    /**
     * While the response is awaited the client stays registered for reading, which spares two
     * epoll_ctl calls per request on a keep-alive connection. What it sends meanwhile (a
     * pipelined request) is appended after the request and taken once the response is out; an
     * end is remembered. A full buffer stops reading until then.
     */
    private void readAhead() throws IOException {
        int start = fromClient.position();
        int limit = fromClient.limit();
        if (limit == fromClient.capacity()) {
            return;
        }
        fromClient.position(limit).limit(fromClient.capacity());
        int n;
        try {
            n = client.read(fromClient);
        } finally {
            fromClient.limit(fromClient.position()).position(start);
        }
        if (n < 0) {
            clientEof = true;
        }
    }

    /** After jpm's own answer: what the client still sends is read and dropped, until it ends. */
    private void drainAfterAnswer() throws IOException {
        ByteBuffer scratch = loop.buffers.borrow();
        try {
            int n;
            while ((n = client.read(scratch)) > 0) {
                scratch.clear();
            }
            if (n < 0) {
                close(false);
            }
        } finally {
            loop.buffers.release(scratch);
        }
    }

    // ---- choosing and reaching a backend

    /** Sends the request to the next instance that has not failed it; none left: 503 or 502. */
    private void dispatch() {
        while (stage == EXCHANGE) {
            boolean failedBefore = tried.count() > 0 || freshOnly;
            if (failedBefore && loop.now() - requestNanos >= timeouts.retryNanos()) {
                refuse(lastTimedOut ? 504 : 502); // failovers end at the retry deadline
                return;
            }
            backend = port.pick(tried);
            if (backend == null) {
                refuse(!failedBefore ? 503 : lastTimedOut ? 504 : 502);
                return;
            }
            BackendConnection pooled = freshOnly ? null : loop.pool.take(backend);
            if (pooled != null) {
                attach(pooled);
                backend.connected();
                flushToBackend();
                return;
            }
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                boolean done = channel.connect(backend.address);
                attach(new BackendConnection(backend, channel));
                conn.key = loop.register(channel, 0, conn);
                if (!done) {
                    connecting = true;
                    conn.setInterest(SelectionKey.OP_CONNECT);
                    loop.connecting(this);
                    return;
                }
                backend.connected();
                flushToBackend();
                return;
            } catch (IOException e) {
                Pipe.closeQuietly(channel);
                conn = null;
                connectFailed();
            }
        }
    }

    private void attach(BackendConnection connection) {
        conn = connection;
        conn.owner = this;
        sentAny = false;
    }

    private void finishConnect() {
        try {
            if (!conn.channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            connectFailed();
            if (stage == EXCHANGE && backend == null) {
                dispatch();
            }
            return;
        }
        connecting = false;
        backend.connected();
        flushToBackend();
    }

    /** A connect was refused or timed out: nothing was sent, so the next instance may always take it. */
    private void connectFailed() {
        port.connectFailed();
        lastTimedOut = false;
        connecting = false;
        if (conn != null) {
            conn.close();
            conn = null;
        }
        backend.release();
        tried.add(backend);
        backend = null;
    }

    @Override
    boolean isConnecting() {
        return connecting;
    }

    @Override
    void connectTimedOut() {
        if (connecting && stage == EXCHANGE) {
            connectFailed();
            lastTimedOut = true;
            dispatch();
            updateInterest();
        }
    }

    /** Writes what is due to the backend: the rest of the head, then the body bytes counted so far. */
    private void flushToBackend() {
        if (conn == null || connecting) {
            return;
        }
        long written = writeOut(conn.channel, head, fromClient, sendEnd);
        if (written < 0) {
            backendFailed(false);
        } else if (written > 0) {
            sentAny = true;
            lastActiveNanos = loop.now();
        }
    }

    /**
     * Writes what is due on one side in one call: the rest of a rewritten head, if any, then the
     * bytes of {@code data} up to {@code end}; a single buffer goes without a gathering write.
     *
     * @return bytes written, or -1 when the channel failed
     */
    private long writeOut(SocketChannel channel, ByteBuffer head, ByteBuffer data, int end) {
        int count = 0;
        if (head != null && head.hasRemaining()) {
            gather[count++] = head;
        }
        int limit = 0;
        if (data != null && data.position() < end) {
            limit = data.limit();
            data.limit(end);
            gather[count++] = data;
        }
        if (count == 0) {
            return 0;
        }
        try {
            return count == 1 ? channel.write(gather[0]) : channel.write(gather, 0, count);
        } catch (IOException e) {
            return -1;
        } finally {
            if (limit > 0) {
                data.limit(limit);
            }
            gather[0] = null;
            gather[1] = null;
        }
    }

    // ---- the backend side

    private void readBackend() throws IOException, HttpError {
        if (fromBackend == null) {
            fromBackend = emptyBuffer();
        } else if (fromBackend.hasRemaining() && response != null) {
            return; // not written on yet
        }
        int n = fill(conn.channel, fromBackend);
        // everything before the unhandled bytes was written on, and they moved to the start:
        // nothing is due to the client until they are counted
        forwardEnd = fromBackend.position();
        if (n < 0) {
            backendEof = true;
            backendEnded();
            return;
        }
        if (n == 0) {
            return;
        }
        responseStarted = true;
        lastActiveNanos = loop.now();
        takeResponse();
    }

    /** Parses a response head once whole, counts the body bytes now buffered, and writes them on. */
    private void takeResponse() throws HttpError {
        if (response == null && stage != TUNNEL) {
            int from = fromBackend.position() + responseScanned;
            int end = responseHeadEnd.scan(fromBackend, from, fromBackend.limit());
            if (end < 0) {
                if (fromBackend.remaining() == fromBackend.capacity()) {
                    throw new HttpError(502, "response head larger than a buffer");
                }
                responseScanned = fromBackend.remaining();
                return;
            }
            int start = fromBackend.position() + responseHeadEnd.leadingBlankBytes();
            response = ResponseHead.parse(fromBackend, start, end, request.isHead());
            responseHeadEnd.reset();
            responseScanned = 0;
            if (response.switchingProtocols() && !request.upgrade()) {
                throw new HttpError(502, "101 to a request that asked for no upgrade");
            }
            if (!response.interim() && !requestComplete) {
                response.endClient(); // an early answer: the rest of the request will not be read
            }
            if (!response.interim() && !response.keepsClient(request)) {
                closeAfterResponse = true; // its head says Connection: close to the client
            }
            if (!response.interim()) {
                long now = loop.now();
                port.requests.answered(response.status(), now - requestNanos, now);
                backend.requests.answered(response.status(), now - requestNanos, now);
            }
            if (response.needsRewrite(request)) {
                responseHead = loop.buffers.borrow();
                response.writeForClient(fromBackend, responseHead, request);
                responseHead.flip();
                fromBackend.position(end);
            }
            forwardEnd = end;
            responseLeft = response.contentLength();
            responseComplete = false;
            if (response.bodyMode() == ResponseHead.BodyMode.CHUNKED) {
                responseChunks.reset();
            }
        }
        countResponse();
        flushToClient();
    }

    private void countResponse() throws HttpError {
        int available = fromBackend.limit();
        if (stage == TUNNEL) {
            forwardEnd = available;
            return;
        }
        switch (response.bodyMode()) {
            case NONE -> responseComplete = true;
            case LENGTH -> {
                long take = Math.min(responseLeft, available - forwardEnd);
                forwardEnd += (int) take;
                responseLeft -= take;
                responseComplete = responseLeft == 0;
            }
            case CHUNKED -> {
                int end = responseChunks.scan(fromBackend, forwardEnd, available);
                forwardEnd = end < 0 ? available : end;
                responseComplete = end >= 0;
            }
            case UNTIL_CLOSE -> forwardEnd = available;
        }
        if (responseComplete && forwardEnd < available && !response.interim() && !response.switchingProtocols()) {
            backendOverran = true; // bytes after the response: this connection cannot be trusted again
            fromBackend.limit(forwardEnd);
        }
    }

    /** The backend closed its connection. */
    private void backendEnded() throws HttpError {
        if (stage == TUNNEL) {
            endTunnel();
        } else if (!responseStarted) {
            backendFailed(false); // a pooled connection the backend had closed, or a crash mid-request
        } else if (response != null && response.bodyMode() == ResponseHead.BodyMode.UNTIL_CLOSE && !response.interim()) {
            responseComplete = true;
            closeAfterResponse = true;
            flushToClient();
        } else {
            badResponse(); // the response was cut short
        }
    }

    /**
     * The backend connection failed before the exchange ended. Before any response byte the
     * request goes to another instance when safe; otherwise the client is answered 502, or, with
     * part of a response already out, reset so it cannot take the part for the whole.
     */
    private void backendFailed(boolean timedOut) {
        if (conn == null) {
            return;
        }
        Backend failed = backend;
        boolean reused = conn.exchanges > 0;
        conn.abort();
        conn = null;
        connecting = false;
        backend = null;
        failed.release();
        if (stage == TUNNEL) {
            close(true);
            return;
        }
        if (!responseStarted && replayable && (request.idempotent() || !sentAny)
                && loop.now() - requestNanos < timeouts.retryNanos()) {
            lastTimedOut = timedOut;
            if (reused) {
                // the instance may just have closed an idle connection as the request went out
                // (its keep-alive timeout, a request limit): it keeps its turn, over a new connection
                freshOnly = true;
            } else {
                tried.add(failed);
            }
            port.requests.retried();
            failed.requests.retried();
            head.position(0);
            fromClient.position(bodyStart);
            resetResponse();
            dispatch();
            return;
        }
        if (clientGotResponse) {
            close(true);
        } else {
            refuse(timedOut ? 504 : 502);
        }
    }

    /** The backend's bytes are not HTTP: it must not serve another request, and the client hears 502 if it can. */
    private void badResponse() {
        if (clientGotResponse) {
            close(true);
            return;
        }
        refuse(502);
    }

    // ---- the way back

    private void flushToClient() throws HttpError {
        if (answer != null) {
            flushAnswer();
            return;
        }
        boolean due = responseHead != null && responseHead.hasRemaining() || fromBackend != null && fromBackend.position() < forwardEnd;
        if (due) {
            long written = writeOut(client, responseHead, fromBackend, forwardEnd);
            if (written < 0) {
                close(true);
                return;
            }
            if (written > 0) {
                clientGotResponse = true;
                lastActiveNanos = loop.now();
            }
            if ((responseHead != null && responseHead.hasRemaining()) || fromBackend.position() < forwardEnd) {
                return; // the client takes more when it can
            }
        }
        if (responseHead != null) {
            loop.buffers.release(responseHead);
            responseHead = null;
        }
        if (response == null || !responseComplete || stage == TUNNEL) {
            return;
        }
        if (response.interim()) {
            // a 100 Continue or 103 is out: the final response follows, maybe already buffered
            response = null;
            responseComplete = false;
            forwardEnd = fromBackend.position();
            if (fromBackend.hasRemaining()) {
                takeResponse();
            }
        } else if (response.switchingProtocols()) {
            enterTunnel();
        } else {
            finishExchange();
        }
    }

    /**
     * The exchange is over: the backend connection goes back to the pool if it ended cleanly and
     * its instance still takes requests, and the client's next request, maybe buffered already,
     * is taken.
     */
    private void finishExchange() {
        boolean reusable = response.reusable() && requestComplete && fromClient.position() >= sendEnd
                && !backendOverran && !backendEof && !backend.removed();
        Backend done = backend;
        BackendConnection connection = conn;
        backend = null;
        conn = null;
        done.release();
        connection.exchanges++;
        if (reusable) {
            loop.pool.put(connection, loop.now());
        } else {
            connection.close();
        }
        resetResponse();
        release(head);
        head = null;
        request = null;
        tried.clear();
        freshOnly = false;
        lastTimedOut = false;
        if (closeAfterResponse || !requestComplete || fromClient.position() < sendEnd
                || clientEof && fromClient.position() == fromClient.limit()) {
            // an early answer: the rest of the request was never sent, and must never be read as the next one
            close(false);
            return;
        }
        stage = HEAD;
        headStartedNanos = 0;
        requestNanos = 0;
        if (fromClient.hasRemaining()) {
            headStartedNanos = loop.now();
            try {
                takeRequests(); // a pipelined request
            } catch (HttpError e) {
                refuse(e.status());
            }
        } else {
            release(fromClient);
            fromClient = null;
            loop.quiet(this);
        }
    }

    private void resetResponse() {
        release(fromBackend);
        fromBackend = null;
        release(responseHead);
        responseHead = null;
        response = null;
        forwardEnd = 0;
        clientGotResponse = false;
        responseHeadEnd.reset();
        responseScanned = 0;
        responseStarted = false;
        responseComplete = false;
        backendOverran = false;
        backendEof = false;
    }

    // ---- tunnel (after 101 Switching Protocols)

    private void enterTunnel() throws HttpError {
        stage = TUNNEL;
        release(head);
        head = null;
        countBody();
        if (fromBackend.hasRemaining()) {
            forwardEnd = fromBackend.limit();
            flushToClient();
        }
        flushToBackend();
    }

    /** Either side ended: what is buffered for the other goes out as far as it will at once, then both close. */
    private void endTunnel() {
        flushToBackend();
        if (fromBackend != null && fromBackend.position() < forwardEnd) {
            try {
                client.write(fromBackend);
            } catch (IOException e) {
                // closing anyway
            }
        }
        close(false);
    }

    // ---- jpm's own answers

    /** Answers the client with {@code status} and ends the connection; the exchange, if any, is dropped. */
    private void refuse(int status) {
        if (stage == CLOSED || stage == ANSWERED) {
            return;
        }
        if (clientGotResponse) {
            close(true);
            return;
        }
        dropBackend();
        long now = loop.now();
        port.requests.answered(status, requestNanos == 0 ? 0 : now - requestNanos, now);
        stage = ANSWERED;
        answeredNanos = loop.now();
        answer = HttpAnswers.of(status);
        release(fromClient);
        fromClient = null;
        try {
            flushAnswer();
        } catch (HttpError e) {
            close(true);
        }
    }

    private void flushAnswer() throws HttpError {
        try {
            client.write(answer);
            if (!answer.hasRemaining()) {
                client.shutdownOutput();
            }
        } catch (IOException e) {
            close(true);
        }
    }

    private void dropBackend() {
        if (conn != null) {
            conn.abort();
            conn = null;
        }
        connecting = false;
        if (backend != null) {
            backend.release();
            backend = null;
        }
        resetResponse();
        release(head);
        head = null;
    }

    // ---- timeouts and the end

    @Override
    void sweep(long now) {
        switch (stage) {
            case HEAD -> {
                if (headStartedNanos != 0 && now - headStartedNanos >= timeouts.headNanos()) {
                    refuse(408);
                    updateInterest();
                } else if (headStartedNanos == 0 && now - lastActiveNanos >= timeouts.keepAliveNanos()) {
                    port.closedIdle();
                    close(false);
                }
            }
            case EXCHANGE -> {
                if (!connecting && now - lastActiveNanos >= loop.idleTimeoutNanos()) {
                    if (responseStarted) {
                        close(true);
                    } else {
                        backendFailed(true);
                        updateInterest();
                    }
                }
            }
            case TUNNEL -> {
                if (now - lastActiveNanos >= loop.idleTimeoutNanos()) {
                    port.closedIdle();
                    close(false);
                }
            }
            case ANSWERED -> {
                if (now - answeredNanos >= timeouts.lingerNanos()) {
                    close(false);
                }
            }
            default -> {
            }
        }
    }

    @Override
    void close(boolean reset) {
        if (stage == CLOSED) {
            return;
        }
        stage = CLOSED;
        if (reset) {
            try {
                client.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // closing either way
            }
        }
        Pipe.closeQuietly(client);
        dropBackend();
        release(fromClient);
        fromClient = null;
        answer = null;
        loop.closed(this);
    }

    /** Sets what each side waits for from the state, after every event. */
    private void updateInterest() {
        if (stage == CLOSED) {
            return;
        }
        boolean clientRead;
        boolean clientWrite;
        if (stage == ANSWERED) {
            clientWrite = answer.hasRemaining();
            clientRead = !clientWrite;
        } else {
            boolean clientBufferFree = fromClient == null || !fromClient.hasRemaining();
            if (stage == EXCHANGE && requestComplete) {
                clientRead = !clientEof && fromClient.limit() < fromClient.capacity();
            } else {
                clientRead = stage == HEAD
                        || !clientEof && clientBufferFree && (stage == TUNNEL || !requestComplete) && conn != null && !connecting;
            }
            clientWrite = responseHead != null && responseHead.hasRemaining()
                    || fromBackend != null && fromBackend.position() < forwardEnd;
        }
        int ops = BackendConnection.ops(clientRead, clientWrite);
        if (ops != clientInterest && clientKey != null && clientKey.isValid()) {
            clientInterest = ops;
            clientKey.interestOps(ops);
        }
        if (conn == null || connecting) {
            return;
        }
        boolean backendWrite = head != null && head.hasRemaining() || fromClient != null && fromClient.position() < sendEnd;
        boolean backendRead = !backendEof && (stage == TUNNEL || !responseComplete)
                && (fromBackend == null || !fromBackend.hasRemaining() || response == null && stage != TUNNEL);
        conn.setInterest(BackendConnection.ops(backendRead, backendWrite));
    }

    // ---- buffers

    private ByteBuffer emptyBuffer() {
        ByteBuffer buffer = loop.buffers.borrow();
        buffer.limit(0);
        return buffer;
    }

    /** Reads more after the unhandled bytes, which move to the start of the buffer; indexes into it are the caller's to adjust. */
    private static int fill(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.compact();
        try {
            return channel.read(buffer);
        } finally {
            buffer.flip();
        }
    }

    private void release(ByteBuffer buffer) {
        if (buffer != null) {
            loop.buffers.release(buffer);
        }
    }
}
