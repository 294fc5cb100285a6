package dev.jpm.protocol.ecosystem;

import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Makes {@link EcosystemException}s that point into one file, from SnakeYAML's 0-based marks. */
record Reporter(Path file) {
    private static final int MAX_QUOTE = 40;

    EcosystemException at(Mark mark, String message) {
        return mark == null
                ? new EcosystemException(file, 0, 0, message)
                : new EcosystemException(file, mark.getLine() + 1, mark.getColumn() + 1, message);
    }

    EcosystemException at(Node node, String message) {
        return at(node == null ? null : node.getStartMark(), message);
    }

    EcosystemException atFile(String message) {
        return new EcosystemException(file, 0, 0, message);
    }

    /** How a node looks in a "found ..." message: a quoted, shortened scalar or the kind of collection. */
    static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            String text = scalar.getValue();
            return text.length() > MAX_QUOTE ? "'" + text.substring(0, MAX_QUOTE) + "...'" : "'" + text + "'";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return node instanceof MappingNode ? "a mapping" : "nothing";
    }
}
