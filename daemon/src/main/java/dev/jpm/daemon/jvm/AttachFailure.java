package dev.jpm.daemon.jvm;

import java.io.IOException;

/**
 * An attach that did not get an answer, in words for the user. {@code listenerReached} tells a
 * JVM whose attach listener never came up (attach disabled, a foreign /tmp), where SIGQUIT's own
 * thread dump may still work, from one that took the request and then went silent, where it will not.
 */
final class AttachFailure extends IOException {
    private final boolean listenerReached;

    AttachFailure(String message, boolean listenerReached) {
        super(message);
        this.listenerReached = listenerReached;
    }

    boolean listenerReached() {
        return listenerReached;
    }
}
