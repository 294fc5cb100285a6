package dev.jpm.protocol.ecosystem;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** The cluster keys of one app: {@code port} turns cluster mode on; the others only apply with it. */
final class ClusterReader {
    private static final List<EcosystemKey> NEED_PORT = List.of(
            EcosystemKey.HOST, EcosystemKey.STRATEGY, EcosystemKey.HEALTH_PATH, EcosystemKey.LISTEN_TIMEOUT,
            EcosystemKey.MAX_CONNECTIONS);
    /** A port beyond a million clients needs more descriptors than any Linux default allows (fs.nr_open is 1,048,576). */
    private static final int MAX_CONNECTIONS_CEILING = 1_000_000;
    private static final List<String> STRATEGIES = Arrays.stream(ClusterSettings.Strategy.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT))
            .toList();

    private final Map<EcosystemKey, NodeTuple> set;
    private final ValueReader values;
    private final Reporter report;
    private final String label;

    ClusterReader(Map<EcosystemKey, NodeTuple> set, ValueReader values, Reporter report, String label) {
        this.set = set;
        this.values = values;
        this.report = report;
        this.label = label;
    }

    /** The settings, or null for an app without a port (fork mode). */
    ClusterSettings read() throws EcosystemException {
        Node port = node(EcosystemKey.PORT);
        if (port == null) {
            for (EcosystemKey key : NEED_PORT) {
                NodeTuple tuple = set.get(key);
                if (tuple != null) {
                    throw report.at(tuple.getKeyNode(), "'" + key.yamlName() + "' in " + label
                            + " only applies with 'port' (cluster mode); add a port or remove it");
                }
            }
            return null;
        }
        Node host = node(EcosystemKey.HOST);
        Node strategy = node(EcosystemKey.STRATEGY);
        Node listenTimeout = node(EcosystemKey.LISTEN_TIMEOUT);
        Node maxConnections = node(EcosystemKey.MAX_CONNECTIONS);
        return new ClusterSettings(
                values.integer("port", port, 1, 65_535),
                host == null ? null : host(host),
                strategy == null ? null : strategy(strategy),
                healthPath(node(EcosystemKey.HEALTH_PATH)),
                listenTimeout == null ? 0 : listenTimeout(listenTimeout),
                maxConnections == null ? 0 : values.integer("max_connections", maxConnections, 1, MAX_CONNECTIONS_CEILING));
    }

    private String host(Node node) throws EcosystemException {
        String host = values.string("host", node).strip();
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ')) {
            throw values.error(node, "host", "must be a host name or address, found '" + host + "'");
        }
        return host;
    }

    private ClusterSettings.Strategy strategy(Node node) throws EcosystemException {
        String text = values.string("strategy", node);
        int index = STRATEGIES.indexOf(text);
        if (index < 0) {
            throw values.error(node, "strategy", "must be " + String.join(" or ", STRATEGIES) + ", found '" + text + "'"
                    + Suggestions.didYouMean(text, STRATEGIES));
        }
        return ClusterSettings.Strategy.values()[index];
    }

    private String healthPath(Node node) throws EcosystemException {
        if (node == null) {
            return null;
        }
        String path = values.string("health_path", node);
        if (!path.startsWith("/")) {
            throw values.error(node, "health_path", "must start with '/', found '" + path + "'");
        }
        if (path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw values.error(node, "health_path", "must not contain spaces or control characters");
        }
        return path;
    }

    private long listenTimeout(Node node) throws EcosystemException {
        long ms = values.duration("listen_timeout", node);
        if (ms == 0) {
            throw values.error(node, "listen_timeout", "must be longer than 0");
        }
        return ms;
    }

    private Node node(EcosystemKey key) {
        return AppReader.value(set, key);
    }
}
