package dev.jpm.protocol.ecosystem;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The keys of one app's mapping, checked against {@link EcosystemKey}: unknown keys (with the
 * nearest valid one), duplicate keys and non-scalar keys are errors.
 */
record AppKeys(String label, Map<EcosystemKey, NodeTuple> known, Map<String, NodeTuple> profiles) {
    private static final List<String> VALID = Arrays.stream(EcosystemKey.values())
            .filter(k -> k != EcosystemKey.ENV_PROFILE)
            .map(EcosystemKey::yamlName)
            .toList();

    static AppKeys of(MappingNode mapping, int number, Reporter report) throws EcosystemException {
        String label = label(mapping, number);
        Map<EcosystemKey, NodeTuple> known = new EnumMap<>(EcosystemKey.class);
        Map<String, NodeTuple> profiles = new LinkedHashMap<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || ValueReader.isNull(keyNode)) {
                throw report.at(keyNode, "keys of " + label + " must be plain names, found " + Reporter.describe(keyNode));
            }
            String key = scalar.getValue();
            Node first = seen.putIfAbsent(key, keyNode);
            if (first != null) {
                throw report.at(keyNode, "duplicate key '" + key + "' in " + label
                        + " (first at line " + (first.getStartMark().getLine() + 1) + ")");
            }
            EcosystemKey ecosystemKey = EcosystemKey.byYamlName(key).orElseThrow(() -> unknown(key, keyNode, label, report));
            if (ecosystemKey == EcosystemKey.ENV_PROFILE) {
                profiles.put(key.substring(EcosystemKey.ENV_PROFILE_PREFIX.length()), tuple);
            } else {
                known.put(ecosystemKey, tuple);
            }
        }
        return new AppKeys(label, known, profiles);
    }

    private static EcosystemException unknown(String key, Node keyNode, String label, Reporter report) {
        if ("<<".equals(key)) {
            return report.at(keyNode, "merge keys ('<<') are not supported in " + label + "; write the keys out, or alias a whole value");
        }
        return report.at(keyNode, "unknown key '" + key + "' in " + label + Suggestions.didYouMean(key, VALID));
    }

    /** "app 'api'" when the mapping has a plain name, else "app #2". */
    private static String label(MappingNode mapping, int number) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && "name".equals(key.getValue())
                    && tuple.getValueNode() instanceof ScalarNode value && !ValueReader.isNull(value)
                    && !value.getValue().isBlank() && value.getValue().length() <= 64) {
                return "app '" + value.getValue() + "'";
            }
        }
        return "app #" + number;
    }
}
