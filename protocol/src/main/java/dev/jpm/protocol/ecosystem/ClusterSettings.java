package dev.jpm.protocol.ecosystem;

/**
 * Cluster mode: the daemon owns {@code host:port} and balances connections over the app's
 * online instances, each listening on its own internal port on 127.0.0.1.
 *
 * @param host           the public interface; "0.0.0.0" for all
 * @param healthPath     when set, an instance is online once {@code GET healthPath} answers 2xx,
 *                       not merely once its port accepts
 * @param listenTimeoutMs how long an instance may take to come online before its start counts as failed
 * @param maxConnections  clients the public port holds at most; 0 for the daemon's default, which
 *                        follows its file descriptor limit
 */
public record ClusterSettings(int port, String host, Strategy strategy, String healthPath, long listenTimeoutMs,
                              int maxConnections) {

    public static final String ALL_INTERFACES = "0.0.0.0";
    public static final long DEFAULT_LISTEN_TIMEOUT_MS = 30_000;

    public ClusterSettings {
        host = host == null || host.isBlank() ? ALL_INTERFACES : host;
        strategy = strategy == null ? Strategy.ROUND_ROBIN : strategy;
        listenTimeoutMs = listenTimeoutMs <= 0 ? DEFAULT_LISTEN_TIMEOUT_MS : listenTimeoutMs;
        maxConnections = Math.max(0, maxConnections);
    }

    public static ClusterSettings onPort(int port) {
        return new ClusterSettings(port, null, null, null, 0, 0);
    }

    /** How the balancer picks an instance for a new connection. */
    public enum Strategy {
        ROUND_ROBIN,
        LEAST_CONN
    }
}
