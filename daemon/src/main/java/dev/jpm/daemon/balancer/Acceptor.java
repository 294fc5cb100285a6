package dev.jpm.daemon.balancer;

import java.nio.channels.SelectionKey;

/**
 * One public port as one {@link IoLoop} accepts on it: its selection key and the back-off after
 * failed accepts. Owned by the loop's thread.
 *
 * <p>An accept that fails for want of file descriptors (EMFILE, ENFILE) or memory leaves the
 * client in the backlog, so the selector reports the port ready again at once: without a pause
 * the loop would spin on it and write a log line per turn. After a failure the loop stops
 * selecting OP_ACCEPT on the port for a pause that doubles from {@value #FIRST_PAUSE_MILLIS} ms
 * up to {@value #MAX_PAUSE_MILLIS} ms while failures go on (nginx pauses accepts for 500 ms in
 * the same case); meanwhile connections close and give descriptors back. The episode is logged
 * when it starts and when an accept succeeds again, never once per failure.
 */
final class Acceptor {
    static final long FIRST_PAUSE_MILLIS = 10;
    static final long MAX_PAUSE_MILLIS = 1_000;

    final PublicPort port;
    SelectionKey key;
    /** 0 while accepts succeed. */
    private long pauseNanos;
    private long resumeAtNanos;
    private long failures;
    private long episodeStartNanos;

    Acceptor(PublicPort port) {
        this.port = port;
    }

    /** Stops accepting for the next pause; true on the first failure of an episode. */
    boolean failed(long now) {
        boolean first = pauseNanos == 0;
        if (first) {
            episodeStartNanos = now;
            pauseNanos = FIRST_PAUSE_MILLIS * 1_000_000;
        } else {
            pauseNanos = Math.min(pauseNanos * 2, MAX_PAUSE_MILLIS * 1_000_000);
        }
        failures++;
        resumeAtNanos = now + pauseNanos;
        key.interestOps(0);
        return first;
    }

    long resumeAtNanos() {
        return resumeAtNanos;
    }

    /** Selects OP_ACCEPT again; the next accept tells whether the episode is over. */
    void resume() {
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** An accept worked: ends the episode; its failures (0 when there was none) for the log. */
    long succeeded() {
        long failed = failures;
        pauseNanos = 0;
        failures = 0;
        return failed;
    }

    long episodeMillis(long now) {
        return (now - episodeStartNanos) / 1_000_000;
    }
}
