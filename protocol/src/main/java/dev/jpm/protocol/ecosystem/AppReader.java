package dev.jpm.protocol.ecosystem;

import dev.jpm.protocol.home.AppName;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Builds one {@link AppSpec} from one app's YAML mapping: resolves paths against the file's
 * folder, merges the env profile, fills defaults, and checks every value.
 */
final class AppReader {
    private final Reporter report;
    private final Path folder;
    private final String envProfile;
    private final String defaultJava;

    /** One app as read, with what the ecosystem reader checks across apps. */
    record ReadApp(AppSpec spec, Node nameNode, Set<String> profiles) {
    }

    AppReader(Reporter report, Path folder, String envProfile, String defaultJava) {
        this.report = report;
        this.folder = folder;
        this.envProfile = envProfile;
        this.defaultJava = defaultJava;
    }

    /** @param number the app's 1-based place in the list, for messages about an app without a usable name */
    ReadApp read(Node node, int number) throws EcosystemException {
        if (!(node instanceof MappingNode mapping)) {
            throw report.at(node, "app #" + number + " must be a mapping of keys (name: ..., jar: ...), found " + Reporter.describe(node));
        }
        AppKeys keys = AppKeys.of(mapping, number, report);
        String label = keys.label();
        ValueReader values = new ValueReader(report, label);
        Map<EcosystemKey, NodeTuple> set = keys.known();

        String name = values.string("name", required(set, EcosystemKey.NAME, mapping, label));
        Node nameNode = set.get(EcosystemKey.NAME).getValueNode();
        if (!AppName.isSafe(name)) {
            throw report.at(nameNode, "app name '" + name + "' is not allowed: " + AppName.rule());
        }
        Node jarNode = required(set, EcosystemKey.JAR, mapping, label);
        Path jar = path("jar", jarNode, values);
        if (!Files.exists(jar)) {
            throw report.at(jarNode, "jar not found: " + jar);
        }
        if (!Files.isRegularFile(jar)) {
            throw report.at(jarNode, "jar is not a regular file: " + jar);
        }
        Node cwdNode = value(set, EcosystemKey.CWD);
        Path cwd = cwdNode == null ? folder : path("cwd", cwdNode, values);
        if (!Files.isDirectory(cwd)) {
            throw report.at(cwdNode, "cwd is not a folder: " + cwd);
        }
        Node javaNode = value(set, EcosystemKey.JAVA);
        String java = javaNode == null ? defaultJava : path("java", javaNode, values).toString();

        ClusterSettings cluster = new ClusterReader(set, values, report, label).read();
        Node instancesNode = value(set, EcosystemKey.INSTANCES);
        int instances = instancesNode == null ? 1 : values.integer("instances", instancesNode, -1, Integer.MAX_VALUE);

        return new ReadApp(new AppSpec(
                name,
                jar.toString(),
                stringList(set, EcosystemKey.ARGS, values),
                stringList(set, EcosystemKey.JVM_ARGS, values),
                java,
                cwd.toString(),
                instances,
                env(set, keys.profiles(), values),
                new RestartReader(set, values).read(),
                cluster,
                logs(set, values),
                new StopReader(set, values).read(),
                new LivenessReader(set, values, report, label).read(cluster),
                new JvmReader(set, values).read(),
                report.file().toAbsolutePath().normalize().toString()),
                nameNode, keys.profiles().keySet());
    }

    private Node required(Map<EcosystemKey, NodeTuple> set, EcosystemKey key, MappingNode mapping, String label)
            throws EcosystemException {
        NodeTuple tuple = set.get(key);
        if (tuple == null) {
            throw report.at(mapping, label + " has no '" + key.yamlName() + "' (it is required)");
        }
        if (ValueReader.isNull(tuple.getValueNode())) {
            throw report.at(tuple.getKeyNode(), "'" + key.yamlName() + "' of " + label + " has no value (it is required)");
        }
        return tuple.getValueNode();
    }

    /** The key's value node, or null when the key is absent or has an empty (null) value, meaning "the default". */
    static Node value(Map<EcosystemKey, NodeTuple> set, EcosystemKey key) {
        NodeTuple tuple = set.get(key);
        return tuple == null || ValueReader.isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
    }

    private Path path(String key, Node node, ValueReader values) throws EcosystemException {
        String text = values.string(key, node);
        if (text.isBlank()) {
            throw values.error(node, key, "is empty");
        }
        try {
            return folder.resolve(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw values.error(node, key, "is not a valid path: " + e.getReason());
        }
    }

    private static List<String> stringList(Map<EcosystemKey, NodeTuple> set, EcosystemKey key, ValueReader values)
            throws EcosystemException {
        Node node = value(set, key);
        return node == null ? List.of() : new ArrayList<>(values.stringList(key.yamlName(), node));
    }

    private Map<String, String> env(Map<EcosystemKey, NodeTuple> set, Map<String, NodeTuple> profiles, ValueReader values)
            throws EcosystemException {
        Map<String, String> env = new LinkedHashMap<>();
        Node base = value(set, EcosystemKey.ENV);
        if (base != null) {
            env.putAll(values.env("env", base));
        }
        for (Map.Entry<String, NodeTuple> profile : profiles.entrySet()) {
            Node node = profile.getValue().getValueNode();
            if (!ValueReader.isNull(node)) {
                Map<String, String> overrides = values.env(EcosystemKey.ENV_PROFILE_PREFIX + profile.getKey(), node);
                if (profile.getKey().equals(envProfile)) {
                    env.putAll(overrides);
                }
            }
        }
        return env;
    }

    private LogSettings logs(Map<EcosystemKey, NodeTuple> set, ValueReader values) throws EcosystemException {
        Node size = value(set, EcosystemKey.LOG_MAX_SIZE);
        Node retain = value(set, EcosystemKey.LOG_RETAIN);
        long maxSize = size == null ? LogSettings.DEFAULTS.maxSizeBytes() : values.size("log_max_size", size);
        if (maxSize == 0) {
            throw values.error(size, "log_max_size", "must be more than 0");
        }
        Node dateFormat = value(set, EcosystemKey.LOG_DATE_FORMAT);
        return new LogSettings(
                maxSize,
                retain == null ? LogSettings.DEFAULTS.retain() : values.integer("log_retain", retain, 0, Integer.MAX_VALUE),
                logFile(value(set, EcosystemKey.OUT_FILE), "out_file", values),
                logFile(value(set, EcosystemKey.ERR_FILE), "err_file", values),
                dateFormat == null ? null : LogDateFormat.check(values.string("log_date_format", dateFormat), dateFormat, values));
    }

    /**
     * A log destination as the daemon will use it: /dev/null as it is, any other path absolute.
     * Only {@code ${INSTANCE_ID}} may be substituted in it: {@code ${PORT}} changes at every
     * restart, which would scatter one instance's output over many files.
     */
    private String logFile(Node node, String key, ValueReader values) throws EcosystemException {
        if (node == null) {
            return null;
        }
        String text = values.string(key, node);
        if (text.equals(LogSettings.DISCARD)) {
            return text;
        }
        String others = text.replace(LogSettings.INSTANCE_ID, "");
        int placeholder = others.indexOf("${");
        if (placeholder >= 0) {
            int end = others.indexOf('}', placeholder);
            throw values.error(node, key, "may hold only " + LogSettings.INSTANCE_ID + " (the instance's index), found '"
                    + (end < 0 ? others.substring(placeholder) : others.substring(placeholder, end + 1)) + "'");
        }
        if (text.endsWith("/")) {
            throw values.error(node, key, "names a folder; give a file name, e.g. '" + text + "out.log'");
        }
        Path path = path(key, node, values);
        if (path.getParent() == null) {
            throw values.error(node, key, "names a folder; give a file name");
        }
        return path.toString();
    }
}
