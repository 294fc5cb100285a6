package dev.jpm.daemon.policy;

/**
 * {@code max_memory_restart} for one instance: fed one RSS sample a second, it says when the
 * instance must be restarted. Mutable and not thread-safe, like {@link ExitHistory}.
 */
public final class MemoryLimit {

    /**
     * Samples in a row that must be over the limit. A JVM's RSS jumps briefly while the collector
     * runs; one spike should not cost a restart, while a real leak stays over for seconds.
     */
    public static final int SAMPLES_OVER = 3;

    private final long limitBytes;
    private int samplesOver;

    /** {@code limitBytes} 0 turns the limit off. */
    public MemoryLimit(long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("memory limit must not be negative: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    public boolean enabled() {
        return limitBytes > 0;
    }

    /**
     * Records one sample of the instance's RSS; true when it has been over the limit for
     * {@value #SAMPLES_OVER} samples in a row. The count then starts again, so one breach asks
     * for one restart, not one per second while the instance is being stopped.
     */
    public boolean sample(long rssBytes) {
        if (!enabled() || rssBytes <= limitBytes) {
            samplesOver = 0;
            return false;
        }
        samplesOver++;
        if (samplesOver < SAMPLES_OVER) {
            return false;
        }
        samplesOver = 0;
        return true;
    }

    /** Forgets earlier samples, e.g. when a new run of the instance begins. */
    public void reset() {
        samplesOver = 0;
    }
}
