package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import dev.jpm.protocol.ecosystem.LivenessSettings;
import java.net.URI;

/**
 * What an instance's liveness check asks: the cluster's {@code health_path} on its internal port
 * (after the PROXY header the instance expects, if any), or the app's {@code health_url} with
 * {@code ${PORT}} replaced by the port jpm gave the instance.
 */
record HealthTarget(String host, int port, String path, ProxyProtocol proxyProtocol) {

    /** On the supervisor's thread: the instance's check, or null when its app has none (or it has no port yet). */
    static HealthTarget of(Instance instance) {
        AppSpec spec = instance.app.spec;
        ClusterSettings cluster = spec.cluster();
        if (cluster != null) {
            return cluster.healthPath() == null || instance.internalPort == null ? null
                    : new HealthTarget("127.0.0.1", instance.internalPort, cluster.healthPath(), cluster.proxyProtocol());
        }
        String url = spec.liveness().healthUrl();
        if (url == null || (spec.liveness().urlNeedsPort() && instance.internalPort == null)) {
            return null;
        }
        // the ecosystem reader checked the URL; a port placeholder without a port was refused above
        URI uri = URI.create(instance.internalPort == null ? url
                : url.replace(LivenessSettings.PORT_PLACEHOLDER, instance.internalPort.toString()));
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new HealthTarget(uri.getHost(), uri.getPort(), uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery(),
                ProxyProtocol.NONE);
    }
}
