package dev.jpm.protocol.ecosystem;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The liveness keys of one app. The check is the cluster's {@code health_path}, or {@code health_url}
 * for an app without a port; the timing keys only apply when there is one of them.
 */
final class LivenessReader {
    private static final List<EcosystemKey> NEED_CHECK = List.of(
            EcosystemKey.HEALTH_INTERVAL, EcosystemKey.HEALTH_TIMEOUT, EcosystemKey.HEALTH_FAILURES);

    private final Map<EcosystemKey, NodeTuple> set;
    private final ValueReader values;
    private final Reporter report;
    private final String label;

    LivenessReader(Map<EcosystemKey, NodeTuple> set, ValueReader values, Reporter report, String label) {
        this.set = set;
        this.values = values;
        this.report = report;
        this.label = label;
    }

    /** @param cluster the app's cluster settings, null in fork mode */
    LivenessSettings read(ClusterSettings cluster) throws EcosystemException {
        NodeTuple urlTuple = set.get(EcosystemKey.HEALTH_URL);
        if (urlTuple != null && cluster != null) {
            throw report.at(urlTuple.getKeyNode(), "'health_url' in " + label
                    + " is for apps without a port; with 'port', 'health_path' is checked on each instance's internal port");
        }
        Node url = AppReader.value(set, EcosystemKey.HEALTH_URL);
        boolean checked = url != null || (cluster != null && cluster.healthPath() != null);
        if (!checked) {
            for (EcosystemKey key : NEED_CHECK) {
                NodeTuple tuple = set.get(key);
                if (tuple != null) {
                    throw report.at(tuple.getKeyNode(), "'" + key.yamlName() + "' in " + label + " only applies with "
                            + (cluster == null ? "'health_url'" : "'health_path'") + " (there is nothing to check); add one or remove it");
                }
            }
            return LivenessSettings.DEFAULTS;
        }
        LivenessSettings d = LivenessSettings.DEFAULTS;
        Node failures = AppReader.value(set, EcosystemKey.HEALTH_FAILURES);
        return new LivenessSettings(
                url == null ? null : url(url),
                positive(EcosystemKey.HEALTH_INTERVAL, d.intervalMs()),
                positive(EcosystemKey.HEALTH_TIMEOUT, d.timeoutMs()),
                failures == null ? d.failures() : values.integer("health_failures", failures, 1, Integer.MAX_VALUE));
    }

    /** A plain-HTTP URL (the check speaks HTTP/1.1 on a socket of its own); {@code ${PORT}} may stand for the port. */
    private String url(Node node) throws EcosystemException {
        String text = values.string("health_url", node).strip();
        URI uri;
        try {
            uri = new URI(text.replace(LivenessSettings.PORT_PLACEHOLDER, "1"));
        } catch (URISyntaxException e) {
            throw values.error(node, "health_url", "is not a valid URL: " + e.getReason());
        }
        if (!"http".equals(uri.getScheme())) {
            throw values.error(node, "health_url", "must start with http:// (the check does not speak TLS), found '" + text + "'");
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw values.error(node, "health_url", "must name a host and a port, e.g. http://127.0.0.1:${PORT}/health, found '"
                    + text + "'");
        }
        return text;
    }

    private long positive(EcosystemKey key, long fallback) throws EcosystemException {
        Node node = AppReader.value(set, key);
        if (node == null) {
            return fallback;
        }
        long ms = values.duration(key.yamlName(), node);
        if (ms == 0) {
            throw values.error(node, key.yamlName(), "must be longer than 0");
        }
        return ms;
    }
}
