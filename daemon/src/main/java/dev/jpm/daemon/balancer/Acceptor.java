package dev.jpm.daemon.balancer;

import dev.jpm.daemon.AcceptPause;
import java.nio.channels.SelectionKey;

/**
 * One public port as one {@link IoLoop} accepts on it: its selection key and the pause after
 * failed accepts ({@link AcceptPause}), during which the loop stops selecting OP_ACCEPT on it.
 * The episode is logged when it starts and when an accept succeeds again, never once per
 * failure. Owned by the loop's thread.
 */
final class Acceptor {
    final PublicPort port;
    final AcceptPause pause = new AcceptPause();
    SelectionKey key;
    private long resumeAtNanos;

    Acceptor(PublicPort port) {
        this.port = port;
    }

    /** Stops accepting for the next pause; true on the first failure of an episode. */
    boolean failed(long now) {
        boolean first = !pause.failing();
        resumeAtNanos = now + pause.failed(now) * 1_000_000;
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
}
