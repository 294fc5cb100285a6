package dev.jpm.daemon.balancer.http;

/**
 * A message jpm will not forward, with the status the client is answered before the connection
 * is closed: 400 (bad framing or syntax), 414 (request line too long), 431 (head too large),
 * 501 (CONNECT, a transfer coding other than chunked), 502 (a backend's response jpm cannot
 * frame), 505 (an HTTP version other than 1.0 and 1.1).
 *
 * <p>It is an answer to a peer, not a bug in jpm: it carries no stack trace, which also makes it
 * cheap to throw on an I/O thread under a flood of bad requests.
 */
public final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String toString() {
        return status + " " + getMessage();
    }
}
