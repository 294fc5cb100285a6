package dev.jpm.protocol.ecosystem;

/**
 * PM2's restart knobs, with PM2's meanings (see {@link EcosystemKey} for each one's text).
 * Times are milliseconds, the memory limit bytes; 0 means "not set" for the optional ones.
 *
 * @param cronRestart a five-field cron schedule ({@link CronSchedule}) of restarts, or null
 */
public record RestartSettings(
        boolean autorestart,
        int maxRestarts,
        long minUptimeMs,
        long restartDelayMs,
        long expBackoffRestartDelayMs,
        long maxMemoryRestartBytes,
        long killTimeoutMs,
        String cronRestart) {

    public static final RestartSettings DEFAULTS = new RestartSettings(true, 15, 1_000, 0, 0, 0, 5_000, null);
}
