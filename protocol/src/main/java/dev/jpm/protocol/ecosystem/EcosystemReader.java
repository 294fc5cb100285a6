package dev.jpm.protocol.ecosystem;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an {@code ecosystem.yaml}: a mapping whose only key, {@code apps}, lists one mapping per
 * app with the keys of {@link EcosystemKey}. Every problem is an {@link EcosystemException} that
 * points at its line and column.
 */
public final class EcosystemReader {
    private static final String APPS = "apps";

    private EcosystemReader() {
    }

    /**
     * @param envProfile  merge each app's {@code env_<profile>} over its {@code env}; null for none
     * @param defaultJava the absolute path of the java binary for apps without a {@code java} key
     */
    public static Ecosystem read(Path file, String envProfile, String defaultJava) throws EcosystemException {
        Reporter report = new Reporter(file);
        String text;
        try {
            if (Files.size(file) > YamlLoader.MAX_CHARS) {
                throw report.atFile("file is larger than " + YamlLoader.MAX_CHARS / 1024 + " KiB; an ecosystem file should be small");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw report.atFile("file not found");
        } catch (CharacterCodingException e) {
            throw report.atFile("not UTF-8 text");
        } catch (IOException e) {
            throw report.atFile("cannot read: " + e);
        }
        return parse(text, file, envProfile, defaultJava);
    }

    /** Reads YAML text as if it were {@code file}: messages name it and relative paths resolve against its folder. */
    public static Ecosystem parse(String yamlText, Path file, String envProfile, String defaultJava) throws EcosystemException {
        Objects.requireNonNull(file, "file");
        Reporter report = new Reporter(file);
        String profile = envProfile == null || envProfile.isBlank() ? null : envProfile.strip();
        Path folder = file.toAbsolutePath().normalize().getParent();
        AppReader appReader = new AppReader(report, folder, profile, defaultJava);

        SequenceNode appsNode = appsList(YamlLoader.load(yamlText, report), report);
        List<AppSpec> apps = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        Set<String> profiles = new TreeSet<>();
        int number = 0;
        for (Node appNode : appsNode.getValue()) {
            AppReader.ReadApp app = appReader.read(appNode, ++number);
            Node first = names.putIfAbsent(app.spec().name(), app.nameNode());
            if (first != null) {
                throw report.at(app.nameNode(), "duplicate app name '" + app.spec().name()
                        + "' (first at line " + (first.getStartMark().getLine() + 1) + ")");
            }
            profiles.addAll(app.profiles());
            apps.add(app.spec());
        }
        if (profile != null && !profiles.contains(profile)) {
            throw report.atFile("no app has 'env_" + profile + "' for the env profile '" + profile + "'"
                    + (profiles.isEmpty() ? "; the file defines no env profiles" : "; profiles in the file: " + String.join(", ", profiles)));
        }
        return new Ecosystem(file.toAbsolutePath().normalize(), apps);
    }

    private static SequenceNode appsList(Node root, Reporter report) throws EcosystemException {
        if (root == null) {
            throw report.atFile("the file is empty; expected 'apps:' with a list of apps");
        }
        if (!(root instanceof MappingNode mapping)) {
            throw report.at(root, "the file must be a mapping with the key 'apps', found " + Reporter.describe(root));
        }
        NodeTuple apps = null;
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            String name = key instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (!APPS.equals(name)) {
                String shown = name == null ? Reporter.describe(key) : "'" + name + "'";
                throw report.at(key, "unknown top-level key " + shown
                        + (name == null ? "" : Suggestions.didYouMean(name, List.of(APPS)))
                        + "; the file holds only 'apps'");
            }
            if (apps != null) {
                throw report.at(key, "duplicate key 'apps' (first at line " + (apps.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
            apps = tuple;
        }
        if (apps == null) {
            throw report.at(root, "no 'apps' key; expected 'apps:' with a list of apps");
        }
        if (!(apps.getValueNode() instanceof SequenceNode list)) {
            throw report.at(apps.getValueNode(), "'apps' must be a list of apps (each item starting with '- name: ...'), found "
                    + Reporter.describe(apps.getValueNode()));
        }
        if (list.getValue().isEmpty()) {
            throw report.at(list, "'apps' lists no app");
        }
        return list;
    }
}
