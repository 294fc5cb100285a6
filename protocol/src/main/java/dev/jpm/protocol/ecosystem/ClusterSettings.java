package dev.jpm.protocol.ecosystem;

/**
 * Cluster mode: the daemon owns {@code host:port} and balances the app's clients over its online
 * instances, each listening on its own internal port on 127.0.0.1.
 *
 * @param host           the public interface; "0.0.0.0" for all
 * @param healthPath     when set, an instance is online once {@code GET healthPath} answers 2xx,
 *                       not merely once its port accepts
 * @param listenTimeoutMs how long an instance may take to come online before its start counts as failed
 * @param maxConnections  clients the public port holds at most; 0 for the daemon's default, which
 *                        follows its file descriptor limit
 * @param protocol       {@code tcp}: each client connection is forwarded whole to one instance;
 *                       {@code http}: each request is, over pooled keep-alive connections
 * @param forwarded      http: add X-Forwarded-For/-Proto/-Host/-Port and Forwarded to requests;
 *                       null (absent) means true
 * @param proxyProtocol  tcp: send a PROXY protocol header (v1 text or v2 binary) with the client's
 *                       address ahead of its bytes; NONE by default
 */
public record ClusterSettings(int port, String host, Strategy strategy, String healthPath, long listenTimeoutMs,
                              int maxConnections, Protocol protocol, Boolean forwarded, ProxyProtocol proxyProtocol) {

    public static final String ALL_INTERFACES = "0.0.0.0";
    public static final long DEFAULT_LISTEN_TIMEOUT_MS = 30_000;

    public ClusterSettings {
        host = host == null || host.isBlank() ? ALL_INTERFACES : host;
        strategy = strategy == null ? Strategy.ROUND_ROBIN : strategy;
        listenTimeoutMs = listenTimeoutMs <= 0 ? DEFAULT_LISTEN_TIMEOUT_MS : listenTimeoutMs;
        maxConnections = Math.max(0, maxConnections);
        protocol = protocol == null ? Protocol.TCP : protocol;
        forwarded = forwarded == null || forwarded;
        proxyProtocol = proxyProtocol == null ? ProxyProtocol.NONE : proxyProtocol;
    }

    /** Settings read before the protocol keys existed, and by callers that do not care for them. */
    public ClusterSettings(int port, String host, Strategy strategy, String healthPath, long listenTimeoutMs, int maxConnections) {
        this(port, host, strategy, healthPath, listenTimeoutMs, maxConnections, null, null, null);
    }

    public static ClusterSettings onPort(int port) {
        return new ClusterSettings(port, null, null, null, 0, 0);
    }

    public ClusterSettings withPort(int port) {
        return new ClusterSettings(port, host, strategy, healthPath, listenTimeoutMs, maxConnections, protocol, forwarded, proxyProtocol);
    }

    public ClusterSettings withProtocol(Protocol protocol) {
        return new ClusterSettings(port, host, strategy, healthPath, listenTimeoutMs, maxConnections, protocol, forwarded, proxyProtocol);
    }

    /** How the balancer picks an instance for a new connection (tcp) or request (http). */
    public enum Strategy {
        ROUND_ROBIN,
        LEAST_CONN
    }

    /** What the balancer forwards as one unit. */
    public enum Protocol {
        TCP,
        HTTP
    }

    /** The PROXY protocol header a tcp-mode backend is sent first, if any (HAProxy's spec, v1 text, v2 binary). */
    public enum ProxyProtocol {
        NONE,
        V1,
        V2
    }
}
