package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.Ecosystem;
import dev.jpm.protocol.ecosystem.StopSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code jpm export kubernetes}: per app a Deployment, a Service for its port and, with more than
 * one replica, a PodDisruptionBudget; one YAML document per object, in the apps' order.
 */
public final class KubernetesExporter implements Exporter {
    /**
     * How long a stopping pod keeps serving before its JVM is told to stop: the Service removes the
     * pod from its endpoints while this runs, which takes a few seconds to reach every node's
     * kube-proxy. jpm's balancer stops routing first, then signals; this pause is Kubernetes' way to
     * get the same order.
     */
    static final int PRE_STOP_PAUSE_SECONDS = 5;
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final KeyTable KEYS = KubernetesKeys.table();

    @Override
    public KeyTable keys() {
        return KEYS;
    }

    @Override
    public Export export(Ecosystem ecosystem, ExportOptions options) throws ExportException {
        List<AppSpec> apps = ecosystem.apps();
        List<String> notes = new ArrayList<>();
        Map<String, String> names = DnsNames.of(apps);
        Map<String, Integer> replicas = Replicas.of(apps, options.replicas(), notes);
        Images images = new Images(options.images(), apps.stream().map(AppSpec::name).toList());
        List<String> documents = new ArrayList<>();
        for (AppSpec app : apps) {
            String name = names.get(app.name());
            int count = replicas.get(app.name());
            documents.add(YamlText.dump(deployment(app, name, count, images.of(app, name, notes), options, notes)));
            if (app.cluster() != null) {
                documents.add(YamlText.dump(service(app.cluster(), name)));
            }
            if (count > 1) {
                documents.add(YamlText.dump(disruptionBudget(name)));
            }
        }
        NotCarried notCarried = new NotCarried(KEYS, apps, new KeyValues(ecosystem.file().getParent(), options.defaultJava()));
        String header = YamlText.comment(Header.lines("Kubernetes manifests for " + ecosystem.file().getFileName()
                + ", written by `jpm export kubernetes`.", notes, notCarried));
        String text = header + "---\n" + String.join("---\n", documents);
        return new Export(List.of(new ExportFile("kubernetes.yaml", text)), Header.warnings(notes, notCarried));
    }

    private static Map<String, Object> deployment(AppSpec app, String name, int replicas, String image, ExportOptions options,
                                                  List<String> notes) {
        Map<String, Object> podSpec = new LinkedHashMap<>();
        if (!StopSettings.DEFAULT_SIGNAL.equals(app.stop().signal())) {
            // lifecycle.stopSignal is only accepted for a pod that declares its OS
            podSpec.put("os", Map.of("name", "linux"));
            notes.add(app.name() + ": stop_signal " + app.stop().signal() + " is lifecycle.stopSignal, which needs Kubernetes 1.33+"
                    + " with the ContainerStopSignals feature gate; elsewhere set STOPSIGNAL " + app.stop().signal() + " in the image");
        }
        long pause = app.cluster() == null ? 0 : PRE_STOP_PAUSE_SECONDS;
        podSpec.put("terminationGracePeriodSeconds", pause + Quantities.seconds(app.restart().killTimeoutMs()));
        podSpec.put("containers", List.of(container(app, name, image, options, notes)));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", replicas);
        spec.put("selector", Map.of("matchLabels", labels(name)));
        // as jpm's reload: start the replacement, wait until it is ready, only then stop an old one
        spec.put("strategy", map("type", "RollingUpdate", "rollingUpdate", map("maxSurge", 1, "maxUnavailable", 0)));
        spec.put("template", map("metadata", Map.of("labels", labels(name)), "spec", podSpec));
        return object("apps/v1", "Deployment", name, spec);
    }

    private static Map<String, Object> container(AppSpec app, String name, String image, ExportOptions options,
                                                 List<String> notes) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", name);
        container.put("image", image);
        container.put("command", literal(ContainerCommand.entrypoint(app, options.containerJava())));
        List<String> args = ContainerCommand.args(app);
        if (!args.isEmpty()) {
            container.put("args", literal(args));
        }
        container.put("workingDir", ContainerCommand.APP_FOLDER);
        List<Map<String, Object>> env = environment(app);
        if (!env.isEmpty()) {
            container.put("env", env);
        }
        ClusterSettings cluster = app.cluster();
        if (cluster != null) {
            container.put("ports", List.of(map("name", portName(cluster), "containerPort", cluster.port(), "protocol", "TCP")));
        }
        if (app.restart().maxMemoryRestartBytes() > 0) {
            container.put("resources", Map.of("limits",
                    Map.of("memory", Quantities.bytes(app.restart().maxMemoryRestartBytes(), "Ki", "Mi", "Gi"))));
        }
        Optional<HealthCheck> check = HealthCheck.of(app, notes);
        check.ifPresent(c -> container.putAll(KubernetesProbes.of(app, c)));
        Map<String, Object> lifecycle = new LinkedHashMap<>();
        if (cluster != null) {
            lifecycle.put("preStop", Map.of("sleep", Map.of("seconds", PRE_STOP_PAUSE_SECONDS)));
        }
        if (!StopSettings.DEFAULT_SIGNAL.equals(app.stop().signal())) {
            lifecycle.put("stopSignal", app.stop().signal());
        }
        if (!lifecycle.isEmpty()) {
            container.put("lifecycle", lifecycle);
        }
        return container;
    }

    /** The app's env in name order, then PORT, which jpm also sets last so the app's env cannot hide it. */
    private static List<Map<String, Object>> environment(AppSpec app) {
        Map<String, String> values = new TreeMap<>(app.env());
        if (app.cluster() != null) {
            values.put("PORT", Integer.toString(app.cluster().port()));
        }
        List<Map<String, Object>> env = new ArrayList<>();
        values.forEach((key, value) -> env.add(map("name", key, "value", literal(value))));
        return env;
    }

    /**
     * The kubelet reads {@code $(NAME)} in command, args and env values as another variable and
     * {@code $$} as one dollar, where jpm passes the words as written: doubling every dollar keeps
     * them so ({@code pa$$word} would reach the container as {@code pa$word}).
     */
    private static String literal(String value) {
        return value.replace("$", "$$");
    }

    private static List<String> literal(List<String> words) {
        return words.stream().map(KubernetesExporter::literal).toList();
    }

    private static Map<String, Object> service(ClusterSettings cluster, String name) {
        Map<String, Object> port = map("name", portName(cluster), "port", cluster.port(), "targetPort", cluster.port());
        port.put("protocol", "TCP");
        if (cluster.protocol() == ClusterSettings.Protocol.HTTP) {
            port.put("appProtocol", "http");
        }
        return object("v1", "Service", name, map("selector", labels(name), "ports", List.of(port)));
    }

    /** At most one pod down at a time for a drain or an upgrade of nodes, as jpm's reload replaces one instance at a time. */
    private static Map<String, Object> disruptionBudget(String name) {
        return object("policy/v1", "PodDisruptionBudget", name,
                map("maxUnavailable", 1, "selector", Map.of("matchLabels", labels(name))));
    }

    private static String portName(ClusterSettings cluster) {
        return cluster.protocol() == ClusterSettings.Protocol.HTTP ? "http" : "tcp";
    }

    private static Map<String, Object> object(String apiVersion, String kind, String name, Map<String, Object> spec) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        object.put("metadata", map("name", name, "labels", labels(name)));
        object.put("spec", spec);
        return object;
    }

    private static Map<String, String> labels(String name) {
        return Map.of(NAME_LABEL, name);
    }

    private static Map<String, Object> map(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static Map<String, Object> map(String k1, Object v1, String k2, Object v2, String k3, Object v3) {
        Map<String, Object> map = map(k1, v1, k2, v2);
        map.put(k3, v3);
        return map;
    }
}
