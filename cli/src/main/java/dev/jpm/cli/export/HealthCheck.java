package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What jpm checks on an instance, in a form a probe or a healthcheck can repeat from inside the
 * container: an HTTP GET of {@code path} on {@code port} (the cluster's {@code health_path}, or a
 * {@code health_url} on the instance's own host), or, with no path, that the port accepts a connection.
 *
 * @param path null for a TCP check
 */
record HealthCheck(String path, int port) {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    boolean http() {
        return path != null;
    }

    /** The app's check, if jpm has one for it; {@code notes} hears of a health_url no probe can reach. */
    static Optional<HealthCheck> of(AppSpec app, List<String> notes) {
        if (app.cluster() != null) {
            return Optional.of(new HealthCheck(app.cluster().healthPath(), app.cluster().port()));
        }
        String url = app.liveness().healthUrl();
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            if ("http".equals(uri.getScheme()) && uri.getHost() != null && LOOPBACK.contains(uri.getHost()) && uri.getPort() > 0) {
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                return Optional.of(new HealthCheck(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery(), uri.getPort()));
            }
        } catch (URISyntaxException e) {
            // reported below like any other URL a probe cannot reach
        }
        notes.add(app.name() + ": health_url " + url + " is not an http URL on the instance's own host with a fixed port,"
                + " so no probe repeats it");
        return Optional.empty();
    }
}
