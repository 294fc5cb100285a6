package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.balancer.Balancer;
import dev.jpm.daemon.balancer.PublicPort;
import dev.jpm.daemon.balancer.RequestMetrics;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.view.RequestsView;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The supervisor's side of cluster mode: opens and closes each app's public port and tells the
 * balancer which instance processes may take new connections. Every launch of an instance gets a
 * fresh backend key, so during a reload the old process (draining) and its replacement (taking
 * traffic) are two backends of one instance.
 */
final class ClusterRouting {
    private final Balancer balancer;
    private int nextBackendKey = 1;

    ClusterRouting(Balancer balancer) {
        this.balancer = balancer;
    }

    /** Binds the app's public port; a port taken by another program is a conflict the user must hear about. */
    void open(ManagedApp app) {
        ClusterSettings cluster = app.spec.cluster();
        if (cluster == null || app.publicPort != null) {
            return;
        }
        try {
            app.publicPort = balancer.open(app.name(), cluster);
            Log.info("balancing " + cluster.host() + ":" + cluster.port() + " over " + app.name() + " (" + cluster.protocol().name().toLowerCase(java.util.Locale.ROOT) + ", " + cluster.strategy()
                    + ", at most " + app.publicPort.maxConnections() + " connections)");
        } catch (BindException e) {
            throw new JpmException(ErrorCode.CONFLICT, "port " + cluster.port() + " on " + cluster.host()
                    + " is already in use by another program; choose another 'port' for '" + app.name() + "'");
        } catch (IOException e) {
            throw new JpmException(ErrorCode.CONFLICT, "cannot listen on " + cluster.host() + ":" + cluster.port()
                    + " for '" + app.name() + "': " + e.getMessage());
        }
    }

    void close(ManagedApp app) {
        if (app.publicPort != null) {
            app.publicPort.close();
            app.publicPort = null;
            Log.info("closed public port of " + app.name());
        }
    }

    /** The instance's current process starts taking new connections. */
    void route(Instance instance) {
        if (instance.app.publicPort == null || instance.internalPort == null) {
            return;
        }
        instance.backendKey = nextBackendKey++;
        instance.app.publicPort.addBackend(instance.backendKey, instance.internalPort);
    }

    /** No new connections for this backend; those open go on. */
    void unroute(ManagedApp app, int backendKey) {
        if (app.publicPort != null && backendKey != 0) {
            app.publicPort.removeBackend(backendKey);
        }
    }

    /** Completes when the backend's open connections are done, or after {@code limitMs}, whichever first. */
    CompletableFuture<Void> drained(ManagedApp app, int backendKey, long limitMs) {
        if (app.publicPort == null || backendKey == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return app.publicPort.drained(backendKey).completeOnTimeout(null, limitMs, TimeUnit.MILLISECONDS);
    }

    /** Open connections of the instance's current process; null when it takes no traffic. Read live, off the loop. */
    static Long connections(PublicPort port, int backendKey) {
        return port == null || backendKey == 0 ? null : port.activeConnections(backendKey);
    }

    /** Connections the instance's current backend has served; null when it takes no traffic. Read live, off the loop. */
    static Long served(PublicPort port, int backendKey) {
        return port == null || backendKey == 0 ? null : port.served(backendKey);
    }

    /** The state of the app's public port, or null for an app without one. */
    static String balancer(PublicPort port) {
        return port == null ? null : port.state().wireName();
    }

    /** The requests of the instance's current launch; null unless its app balances http. Read live, off the loop. */
    static RequestsView requests(PublicPort port, int backendKey) {
        return port == null || backendKey == 0 ? null : view(port.requests(backendKey));
    }

    /** Every request of the app's public port, jpm's own answers included; null unless the app balances http. */
    static RequestsView requests(PublicPort port) {
        return port == null ? null : view(port.requests());
    }

    private static RequestsView view(RequestMetrics metrics) {
        return metrics == null ? null : metrics.view();
    }
}
