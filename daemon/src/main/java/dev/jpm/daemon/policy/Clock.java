package dev.jpm.daemon.policy;

/**
 * The time the restart policy reads. An interface so that unit tests can drive the policy with a
 * fake clock instead of sleeping.
 */
public interface Clock {

    /** Milliseconds since the epoch. */
    long nowMillis();

    /**
     * The wall clock. Not {@code System.nanoTime()}: an adopted instance's start time comes from the
     * OS as a wall-clock instant, and its uptime must be measured on that same clock.
     */
    static Clock system() {
        return System::currentTimeMillis;
    }
}
