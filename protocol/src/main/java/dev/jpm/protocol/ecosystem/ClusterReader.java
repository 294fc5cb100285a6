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
            EcosystemKey.MAX_CONNECTIONS, EcosystemKey.PROTOCOL, EcosystemKey.FORWARDED, EcosystemKey.PROXY_PROTOCOL);
    /** A port beyond a million clients needs more descriptors than any Linux default allows (fs.nr_open is 1,048,576). */
    private static final int MAX_CONNECTIONS_CEILING = 1_000_000;
    private static final List<String> STRATEGIES = lowerCase(ClusterSettings.Strategy.values());
    private static final List<String> PROTOCOLS = lowerCase(ClusterSettings.Protocol.values());
    /** NONE is what leaving the key out means, so it is not a value to write. */
    private static final List<String> PROXY_PROTOCOLS = List.of("v1", "v2");

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
        Node protocolNode = node(EcosystemKey.PROTOCOL);
        ClusterSettings.Protocol protocol = protocolNode == null ? ClusterSettings.Protocol.TCP : protocol(protocolNode);
        Node forwarded = node(EcosystemKey.FORWARDED);
        Node proxyProtocol = node(EcosystemKey.PROXY_PROTOCOL);
        onlyWith(EcosystemKey.FORWARDED, protocol == ClusterSettings.Protocol.HTTP, "http",
                "it adds X-Forwarded-* headers to requests, and tcp mode forwards bytes, not requests");
        onlyWith(EcosystemKey.PROXY_PROTOCOL, protocol == ClusterSettings.Protocol.TCP, "tcp",
                "http mode tells the instance the client's address in X-Forwarded-For instead");
        return new ClusterSettings(
                values.integer("port", port, 1, 65_535),
                host == null ? null : host(host),
                strategy == null ? null : strategy(strategy),
                healthPath(node(EcosystemKey.HEALTH_PATH)),
                listenTimeout == null ? 0 : listenTimeout(listenTimeout),
                maxConnections == null ? 0 : values.integer("max_connections", maxConnections, 1, MAX_CONNECTIONS_CEILING),
                protocol,
                forwarded == null ? null : values.bool("forwarded", forwarded),
                proxyProtocol == null ? null : proxyProtocol(proxyProtocol));
    }

    /** A key that only means something under one protocol is an error under the other, with the reason. */
    private void onlyWith(EcosystemKey key, boolean applies, String protocol, String why) throws EcosystemException {
        NodeTuple tuple = set.get(key);
        if (tuple != null && !applies) {
            throw report.at(tuple.getKeyNode(), "'" + key.yamlName() + "' in " + label + " only applies with 'protocol: "
                    + protocol + "' (" + why + "); remove it or set the protocol");
        }
    }

    private ClusterSettings.Protocol protocol(Node node) throws EcosystemException {
        return ClusterSettings.Protocol.values()[oneOf("protocol", node, PROTOCOLS)];
    }

    private ClusterSettings.ProxyProtocol proxyProtocol(Node node) throws EcosystemException {
        int index = oneOf("proxy_protocol", node, PROXY_PROTOCOLS);
        return index == 0 ? ClusterSettings.ProxyProtocol.V1 : ClusterSettings.ProxyProtocol.V2;
    }

    private String host(Node node) throws EcosystemException {
        String host = values.string("host", node).strip();
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ')) {
            throw values.error(node, "host", "must be a host name or address, found '" + host + "'");
        }
        return host;
    }

    private ClusterSettings.Strategy strategy(Node node) throws EcosystemException {
        return ClusterSettings.Strategy.values()[oneOf("strategy", node, STRATEGIES)];
    }

    /** The index of the node's text in {@code allowed}, or an error naming them all and the nearest. */
    private int oneOf(String key, Node node, List<String> allowed) throws EcosystemException {
        String text = values.string(key, node);
        int index = allowed.indexOf(text);
        if (index < 0) {
            throw values.error(node, key, "must be " + String.join(" or ", allowed) + ", found '" + text + "'"
                    + Suggestions.didYouMean(text, allowed));
        }
        return index;
    }

    private static List<String> lowerCase(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
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
