package dev.jpm.daemon.balancer;

/**
 * The deadlines of http mode, enforced by the loop's once-a-second sweep.
 *
 * @param headNanos      a request head must be complete this long after its first byte, or the
 *                       client is answered 408: 10 s, HAProxy's usual {@code timeout http-request},
 *                       against slowloris-style clients that trickle a head forever
 * @param keepAliveNanos a client connection idle between requests is closed after this: 60 s,
 *                       within the range browsers and client pools keep connections (nginx 75 s)
 * @param lingerNanos    after jpm answers an error itself and shuts its output, it reads and
 *                       drops what the client still sends for at most this long, so that the
 *                       answer is not destroyed by a reset before the client read it: 2 s
 * @param retryNanos     a request is sent again to another instance only within this time of its
 *                       head being complete: 10 s, so that retries cannot hold a client forever
 */
record HttpTimeouts(long headNanos, long keepAliveNanos, long lingerNanos, long retryNanos) {
    static final HttpTimeouts DEFAULT = new HttpTimeouts(10_000_000_000L, 60_000_000_000L, 2_000_000_000L, 10_000_000_000L);
}
