package dev.jpm.daemon.balancer;

/**
 * The connections of one port on one loop that are still silent (no byte from the client, no
 * more than a greeting from the server: {@link Pipe#GREETING_BYTES}), oldest first:
 * the ones a full port gives up to make room (see {@link IoLoop#admit}). An intrusive list
 * through {@link Pipe}, so adding, leaving and taking the oldest are O(1) whatever the count.
 * Owned by the loop's thread.
 */
final class SilentPipes {
    private Pipe oldest;
    private Pipe newest;

    void add(Pipe pipe) {
        pipe.newerSilent = null;
        pipe.olderSilent = newest;
        if (newest != null) {
            newest.newerSilent = pipe;
        } else {
            oldest = pipe;
        }
        newest = pipe;
        pipe.silentIn = this;
    }

    /** Takes the pipe out; its client spoke or it closed. */
    void remove(Pipe pipe) {
        if (pipe.silentIn != this) {
            return;
        }
        if (pipe.olderSilent != null) {
            pipe.olderSilent.newerSilent = pipe.newerSilent;
        } else {
            oldest = pipe.newerSilent;
        }
        if (pipe.newerSilent != null) {
            pipe.newerSilent.olderSilent = pipe.olderSilent;
        } else {
            newest = pipe.olderSilent;
        }
        pipe.olderSilent = null;
        pipe.newerSilent = null;
        pipe.silentIn = null;
    }

    /** The silent pipe accepted first, or null. */
    Pipe oldest() {
        return oldest;
    }
}
