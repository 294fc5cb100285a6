package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.Ecosystem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code jpm export compose}: one Compose file, one service per app, in the apps' order. */
public final class ComposeExporter implements Exporter {
    private static final KeyTable KEYS = ComposeKeys.table();

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
        Map<String, Object> services = new LinkedHashMap<>();
        for (AppSpec app : apps) {
            String name = names.get(app.name());
            services.put(name, service(app, replicas.get(app.name()), images.of(app, name, notes), options, notes));
        }
        NotCarried notCarried = new NotCarried(KEYS, apps, new KeyValues(ecosystem.file().getParent(), options.defaultJava()));
        String header = YamlText.comment(Header.lines("Docker Compose file for " + ecosystem.file().getFileName()
                + ", written by `jpm export compose`.", notes, notCarried));
        String text = header + YamlText.dump(Map.of("services", services));
        return new Export(List.of(new ExportFile("compose.yaml", text)), Header.warnings(notes, notCarried));
    }

    private static Map<String, Object> service(AppSpec app, int replicas, String image, ExportOptions options, List<String> notes) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("image", image);
        service.put("entrypoint", literal(ContainerCommand.entrypoint(app, options.containerJava())));
        List<String> args = ContainerCommand.args(app);
        if (!args.isEmpty()) {
            service.put("command", literal(args));
        }
        service.put("working_dir", ContainerCommand.APP_FOLDER);
        Map<String, String> environment = new TreeMap<>(app.env());
        ClusterSettings cluster = app.cluster();
        if (cluster != null) {
            environment.put("PORT", Integer.toString(cluster.port()));
        }
        if (!environment.isEmpty()) {
            Map<String, String> literalEnvironment = new LinkedHashMap<>();
            environment.forEach((key, value) -> literalEnvironment.put(key, literal(value)));
            service.put("environment", literalEnvironment);
        }
        if (cluster != null) {
            service.put("ports", List.of(port(cluster)));
            if (replicas > 1) {
                notes.add(app.name() + ": " + replicas + " replicas publish port " + cluster.port() + ": Swarm (docker stack deploy)"
                        + " balances it over them; plain docker compose can publish it from one container only");
            }
        }
        service.put("deploy", Map.of("replicas", replicas));
        service.put("restart", app.restart().autorestart() ? "unless-stopped" : "no");
        service.put("stop_signal", app.stop().signal());
        service.put("stop_grace_period", Quantities.duration(app.restart().killTimeoutMs()));
        if (app.restart().maxMemoryRestartBytes() > 0) {
            service.put("mem_limit", Quantities.bytes(app.restart().maxMemoryRestartBytes(), "k", "m", "g"));
        }
        Optional<HealthCheck> check = HealthCheck.of(app, notes);
        check.ifPresent(c -> service.put("healthcheck", healthcheck(app, c)));
        Map<String, Object> logging = new LinkedHashMap<>();
        logging.put("driver", "json-file");
        logging.put("options", logOptions(app));
        service.put("logging", logging);
        return service;
    }

    /**
     * The long form: the short "8080:8080" needs quotes, or a YAML 1.1 reader takes "22:22" for a
     * number in base 60.
     */
    private static Map<String, Object> port(ClusterSettings cluster) {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("target", cluster.port());
        port.put("published", Integer.toString(cluster.port()));
        if (!ClusterSettings.ALL_INTERFACES.equals(cluster.host())) {
            port.put("host_ip", cluster.host());
        }
        port.put("protocol", "tcp");
        return port;
    }

    /**
     * Run inside the container, so the image needs curl for an HTTP check and bash for a TCP one
     * (its /dev/tcp); Compose's own probe has neither kind. Start period: {@code listen_timeout}.
     */
    private static Map<String, Object> healthcheck(AppSpec app, HealthCheck check) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("test", check.http()
                ? List.of("CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:" + check.port() + literal(check.path()))
                : List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + check.port()));
        health.put("interval", Quantities.duration(app.liveness().intervalMs()));
        health.put("timeout", Quantities.duration(app.liveness().timeoutMs()));
        health.put("retries", app.liveness().failures());
        if (app.cluster() != null) {
            health.put("start_period", Quantities.duration(app.cluster().listenTimeoutMs()));
        }
        return health;
    }

    /**
     * Compose reads {@code $NAME} and {@code ${NAME}} in every value as a variable of the shell that
     * runs it, where jpm passes the words as written: a password {@code pa$word} would reach the
     * container as {@code pa}. {@code $$} is Compose's literal dollar.
     */
    private static String literal(String value) {
        return value.replace("$", "$$");
    }

    private static List<String> literal(List<String> words) {
        return words.stream().map(ComposeExporter::literal).toList();
    }

    /** json-file's max-file counts the file being written too, jpm's log_retain only the rotated ones. */
    private static Map<String, Object> logOptions(AppSpec app) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("max-size", Quantities.bytes(app.logs().maxSizeBytes(), "k", "m", "g"));
        options.put("max-file", Integer.toString(app.logs().retain() + 1));
        return options;
    }
}
