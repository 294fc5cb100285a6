package dev.jpm.cli.client;

/**
 * How long the daemon may take to answer: the hello, and then each request, where every event the
 * daemon sends (progress, log lines) starts the request's wait afresh, so only silence counts.
 * Zero means no limit, for streams that run until Ctrl-C.
 */
public record Deadlines(long helloMs, long replyMs) {
    /** A daemon answers the hello at once unless it is frozen, stuck or starved of CPU. */
    public static final long HELLO_MS = 10_000;
    /** Requests that read the daemon's state (list, ping, describe, save, flush) answer in milliseconds. */
    public static final long QUICK_MS = 10_000;
    /**
     * Requests that stop processes (stop, delete, kill) wait for them: SIGTERM, then SIGKILL after
     * the app's kill_timeout (5 s unless configured), and the daemon sends no event meanwhile.
     */
    public static final long STOPPING_MS = 60_000;
    /**
     * Requests that wait for instances to come online (start, restart, reload, scale, resurrect):
     * the daemon settles for up to 120 s, telling us each time the count of online ones changes.
     */
    public static final long SETTLING_MS = 180_000;
    /**
     * Requests that talk to the instances' JVMs (threaddump, heapdump, jfr): the daemon's own
     * deadlines per instance leave it silent for at most 35 s (5 s to start the attach listener,
     * 30 s for JFR's first start), and it sends an event after each instance and every second of
     * a heap dump, so only a stuck daemon is silent for longer.
     */
    public static final long JVM_MS = 60_000;
    public static final long NONE = 0;

    public static Deadlines replyWithin(long replyMs) {
        return new Deadlines(HELLO_MS, replyMs);
    }

    /** A user's --timeout replaces both waits, except that a stream stays unlimited after its hello. */
    public Deadlines overriddenBy(long timeoutMs) {
        return new Deadlines(timeoutMs, replyMs == NONE ? NONE : timeoutMs);
    }
}
