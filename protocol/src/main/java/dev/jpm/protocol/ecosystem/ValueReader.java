package dev.jpm.protocol.ecosystem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one app's values as the kind its {@link EcosystemKey} declares, with errors that name
 * the key, the app, what was expected and what was found, at the value's position.
 * Scalars are taken as their text, so {@code port: 8080} and {@code port: "8080"} mean the same.
 */
final class ValueReader {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Reporter report;
    private final String app;

    /** {@code app} names the app in messages: "app 'api'" or "app #2". */
    ValueReader(Reporter report, String app) {
        this.report = report;
        this.app = app;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    String string(String key, Node value) throws EcosystemException {
        return scalar(key, value, EcosystemKey.Kind.STRING.description());
    }

    List<String> stringList(String key, Node value) throws EcosystemException {
        if (value instanceof ScalarNode scalar) {
            String text = scalar.getValue().strip();
            return text.isEmpty() ? List.of() : Arrays.asList(WHITESPACE.split(text));
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw wrongType(key, value, EcosystemKey.Kind.STRING_LIST);
        }
        List<String> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                throw report.at(item, "wrong type in '" + key + "' of " + app + ": expected each item to be a string, found "
                        + Reporter.describe(item));
            }
            items.add(scalar.getValue());
        }
        return items;
    }

    int integer(String key, Node value, int min, int max) throws EcosystemException {
        String text = scalar(key, value, EcosystemKey.Kind.INT.description());
        if (!INTEGER.matcher(text).matches()) {
            throw wrongType(key, value, EcosystemKey.Kind.INT);
        }
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            n = text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (n < min || n > max) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
            throw error(value, key, "must be " + range + ", found " + text);
        }
        return (int) n;
    }

    /** A list of integers, each from {@code min} to {@code max}; a single scalar is a list of one. */
    List<Integer> integerList(String key, Node value, int min, int max) throws EcosystemException {
        if (value instanceof ScalarNode) {
            return List.of(integer(key, value, min, max));
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw wrongType(key, value, EcosystemKey.Kind.INT_LIST);
        }
        List<Integer> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode) || isNull(item)) {
                throw report.at(item, "wrong type in '" + key + "' of " + app + ": expected each item to be an integer, found "
                        + Reporter.describe(item));
            }
            items.add(integer(key, item, min, max));
        }
        return items;
    }

    boolean bool(String key, Node value) throws EcosystemException {
        String text = scalar(key, value, EcosystemKey.Kind.BOOL.description()).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw wrongType(key, value, EcosystemKey.Kind.BOOL);
        };
    }

    long duration(String key, Node value) throws EcosystemException {
        String text = scalar(key, value, EcosystemKey.Kind.DURATION.description());
        try {
            return Durations.parseMillis(text);
        } catch (IllegalArgumentException e) {
            throw report.at(value, "'" + key + "' of " + app + ": " + e.getMessage());
        }
    }

    long size(String key, Node value) throws EcosystemException {
        String text = scalar(key, value, EcosystemKey.Kind.SIZE.description());
        try {
            return Sizes.parseBytes(text);
        } catch (IllegalArgumentException e) {
            throw report.at(value, "'" + key + "' of " + app + ": " + e.getMessage());
        }
    }

    /** An environment mapping; names must be usable as environment variables, values are scalars (empty for null). */
    Map<String, String> env(String key, Node value) throws EcosystemException {
        if (!(value instanceof MappingNode mapping)) {
            throw wrongType(key, value, EcosystemKey.Kind.MAP);
        }
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node nameNode = tuple.getKeyNode();
            Node valueNode = tuple.getValueNode();
            if (!(nameNode instanceof ScalarNode nameScalar) || isNull(nameNode)) {
                throw report.at(nameNode, "'" + key + "' of " + app + " needs plain variable names, found " + Reporter.describe(nameNode));
            }
            String name = nameScalar.getValue();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw report.at(nameNode, "'" + name + "' in '" + key + "' of " + app + " is not a valid environment variable name");
            }
            Node first = seen.putIfAbsent(name, nameNode);
            if (first != null) {
                throw report.at(nameNode, "duplicate variable '" + name + "' in '" + key + "' of " + app
                        + " (first at line " + (first.getStartMark().getLine() + 1) + ")");
            }
            String text;
            if (isNull(valueNode)) {
                text = "";
            } else if (valueNode instanceof ScalarNode scalar) {
                text = scalar.getValue();
            } else {
                throw report.at(valueNode, "wrong type for '" + name + "' in '" + key + "' of " + app
                        + ": expected a string, number or boolean, found " + Reporter.describe(valueNode));
            }
            if (text.indexOf('\0') >= 0) {
                throw report.at(valueNode, "'" + name + "' in '" + key + "' of " + app + " contains a NUL character");
            }
            env.put(name, text);
        }
        return env;
    }

    /** A problem with a key's value that is not its type: "'key' of app 'api' must be ...". */
    EcosystemException error(Node value, String key, String problem) {
        return report.at(value, "'" + key + "' of " + app + " " + problem);
    }

    private String scalar(String key, Node value, String expected) throws EcosystemException {
        if (!(value instanceof ScalarNode scalar)) {
            throw wrongType(key, value, expected);
        }
        return scalar.getValue();
    }

    private EcosystemException wrongType(String key, Node value, EcosystemKey.Kind kind) {
        return wrongType(key, value, kind.description());
    }

    private EcosystemException wrongType(String key, Node value, String expected) {
        return report.at(value, "wrong type for '" + key + "' in " + app + ": expected " + expected
                + ", found " + Reporter.describe(value));
    }
}
