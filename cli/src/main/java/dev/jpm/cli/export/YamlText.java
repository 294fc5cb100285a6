package dev.jpm.cli.export;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * YAML as kubectl and Compose users write it: block style, two-space indent, list items indented
 * under their key. Trees are built from {@code LinkedHashMap}s, so the order (and the golden files)
 * is that of the code ({@code Map.of} only for one entry: its order changes from run to run);
 * SnakeYAML does the quoting ({@code "3000"} stays a string).
 */
final class YamlText {
    private YamlText() {
    }

    static String dump(Map<String, Object> tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        return new Yaml(options).dump(tree);
    }

    /** Comment lines, each prefixed with {@code # }. */
    static String comment(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        return out.toString();
    }
}
