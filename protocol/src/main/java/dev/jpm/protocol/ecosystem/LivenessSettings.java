package dev.jpm.protocol.ecosystem;

/**
 * Liveness: an instance that stops answering its health check while it runs is replaced.
 * The check is the cluster's {@code health_path} on the instance's internal port, or
 * {@code healthUrl} (with {@code ${PORT}} substituted) for an app without a public port;
 * with neither there is no liveness check.
 *
 * @param healthUrl  null unless set
 * @param intervalMs time between checks
 * @param timeoutMs  a check that has not answered 2xx by then failed
 * @param failures   failed checks in a row that get the instance replaced
 */
public record LivenessSettings(String healthUrl, long intervalMs, long timeoutMs, int failures) {
    /** In {@code health_url}: the instance's own port, which jpm then picks and passes as for a cluster instance. */
    public static final String PORT_PLACEHOLDER = "${PORT}";
    private static final long DEFAULT_INTERVAL_MS = 10_000;
    private static final long DEFAULT_TIMEOUT_MS = 2_000;
    private static final int DEFAULT_FAILURES = 3;
    public static final LivenessSettings DEFAULTS = new LivenessSettings(null, DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS, DEFAULT_FAILURES);

    public LivenessSettings {
        healthUrl = healthUrl == null || healthUrl.isBlank() ? null : healthUrl;
        intervalMs = intervalMs <= 0 ? DEFAULT_INTERVAL_MS : intervalMs;
        timeoutMs = timeoutMs <= 0 ? DEFAULT_TIMEOUT_MS : timeoutMs;
        failures = failures <= 0 ? DEFAULT_FAILURES : failures;
    }

    /** Whether an app without a port needs one of its own for its health URL. */
    public boolean urlNeedsPort() {
        return healthUrl != null && healthUrl.contains(PORT_PLACEHOLDER);
    }
}
