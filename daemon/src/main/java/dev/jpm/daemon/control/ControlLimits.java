package dev.jpm.daemon.control;

import dev.jpm.protocol.ecosystem.Durations;

/**
 * The bounds of the control socket. The defaults suit any real use (a few CLIs and a monit at
 * once); tests shorten them with system properties, given through JPM_DAEMON_JAVA_OPTS, e.g.
 * {@code -Djpm.control.idleTimeout=2s}.
 *
 * @param maxConnections open control connections at once; each costs a descriptor and a little
 *     memory, and one in a request also a worker thread
 * @param idleTimeoutMs a connection with no request in progress is closed after this long
 *     without a byte from its client (a running stream such as {@code logs -f} is not idle)
 */
record ControlLimits(int maxConnections, long idleTimeoutMs) {
    static final String MAX_CONNECTIONS = "jpm.control.maxConnections";
    static final String IDLE_TIMEOUT = "jpm.control.idleTimeout";

    static ControlLimits fromSystemProperties() {
        int max = Integer.parseInt(System.getProperty(MAX_CONNECTIONS, "64"));
        long idle = Durations.parseMillis(System.getProperty(IDLE_TIMEOUT, "60s"));
        if (max < 1 || idle < 1) {
            throw new IllegalArgumentException(MAX_CONNECTIONS + " and " + IDLE_TIMEOUT + " must be positive");
        }
        return new ControlLimits(max, idle);
    }
}
