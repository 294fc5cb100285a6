package dev.jpm.daemon.policy;

import java.util.Optional;

/**
 * How long a reload waits for a replacement to come online. While the old process still serves,
 * waiting costs nothing, and a real framework can need more than {@code listen_timeout}: a minimal
 * Spring Boot web app on 2 busy cores took 37 s against the default 30 s. So past listen_timeout
 * the wait goes on for as long as the replacement keeps making progress (it loads classes, or it
 * burns CPU), and ends {@value #STALL_MS} ms after the last sign of it, or at the hard cap. One
 * that has shown no progress at all is given up on at listen_timeout, as a first start is.
 * One thread owns an instance: the readiness probe's, which samples and asks.
 */
public final class ReplacementWait {
    /** The most a reload waits for one replacement, however busy it stays: 5 minutes, unless listen_timeout is longer. */
    public static final long HARD_CAP_MS = 300_000;
    /** Past listen_timeout, a replacement with no progress for this long is given up on. */
    public static final long STALL_MS = 15_000;
    /**
     * CPU time that counts as progress: a twentieth of a core over the span since the last sample.
     * A JVM that only sleeps used under 1% here (its GC and compiler threads idle); one that starts
     * a framework uses most of a core.
     */
    static final double CPU_SHARE = 0.05;

    private final Clock clock;
    private final long listenTimeoutMs;
    private final long startedAt;
    private long lastSampleAt;
    private long lastProgressAt;
    private long lastCpuMillis = -1;
    private long lastClasses = -1;

    public ReplacementWait(long listenTimeoutMs, Clock clock) {
        this.clock = clock;
        this.listenTimeoutMs = listenTimeoutMs;
        this.startedAt = clock.nowMillis();
        this.lastSampleAt = startedAt;
        // no progress yet: one that never shows any is given up on at listen_timeout, as before
        this.lastProgressAt = Long.MIN_VALUE / 2;
    }

    /** What the replacement has done so far: its CPU time, and its loaded classes (-1 when the JVM does not say). */
    public void sample(long cpuMillis, long classesLoaded) {
        long now = clock.nowMillis();
        boolean classesGrew = classesLoaded >= 0 && lastClasses >= 0 && classesLoaded > lastClasses;
        boolean worked = lastCpuMillis >= 0 && cpuMillis - lastCpuMillis >= CPU_SHARE * (now - lastSampleAt);
        if (classesGrew || worked) {
            lastProgressAt = now;
        }
        lastCpuMillis = cpuMillis;
        lastClasses = classesLoaded >= 0 ? classesLoaded : lastClasses;
        lastSampleAt = now;
    }

    /** Why to give up now, or empty to go on waiting. */
    public Optional<String> giveUp() {
        long now = clock.nowMillis();
        long elapsed = now - startedAt;
        if (elapsed < listenTimeoutMs) {
            return Optional.empty();
        }
        long cap = Math.max(listenTimeoutMs, HARD_CAP_MS);
        if (elapsed >= cap) {
            return Optional.of("was not online after " + seconds(elapsed) + " s, the most a reload waits (" + seconds(cap) + " s)");
        }
        if (now - lastProgressAt >= STALL_MS) {
            return Optional.of("was not online within listen_timeout (" + seconds(listenTimeoutMs) + " s) and made no progress"
                    + " (no class loaded, under " + Math.round(CPU_SHARE * 100) + "% of a core) "
                    + (lastProgressAt < startedAt ? "at all" : "for " + seconds(now - lastProgressAt) + " s"));
        }
        return Optional.empty();
    }

    public long elapsedMillis() {
        return clock.nowMillis() - startedAt;
    }

    private static long seconds(long millis) {
        return millis / 1000;
    }
}
