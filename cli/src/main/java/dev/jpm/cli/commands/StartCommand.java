package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonLauncher;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.SpringShutdownCheck;
import dev.jpm.protocol.home.AppName;
import dev.jpm.protocol.home.JavaRelease;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.ExitCode;
import dev.jpm.protocol.wire.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm start}: an ecosystem file, a jar, or the name of an app jpm already knows (which is
 * restarted, as PM2 does). Waits until the instances are online or errored, then prints the table.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the apps of an ecosystem YAML file, or a jar, and wait until they are online.")
public final class StartCommand extends JpmSubcommand {
    @Override
    protected long replyTimeoutMs() {
        return Deadlines.SETTLING_MS;
    }

    @Parameters(index = "0", paramLabel = "<ecosystem.yaml|app.jar|app>",
            description = "An ecosystem YAML file, a jar, or the name of an app to start again.")
    String what;

    @Parameters(index = "1..*", paramLabel = "<app args>", description = "Arguments for the jar's main, after '--'.")
    List<String> appArgs = new ArrayList<>();

    @Option(names = {"-i", "--instances"}, paramLabel = "N",
            description = "Number of instances: N, 0 = one per core, -1 = one per core but one.")
    Integer instances;

    @Option(names = {"-n", "--name"}, description = "App name (jar only; default: the jar's file name).")
    String name;

    @Option(names = "--only", split = ",", paramLabel = "app", description = "Start only these apps of the ecosystem file.")
    List<String> only;

    @Option(names = "--env", paramLabel = "profile", description = "Merge env_<profile> over env.")
    String envProfile;

    @Option(names = "--port", description = "Public port: run in cluster mode, balanced over the instances.")
    Integer port;

    @Option(names = "--protocol", paramLabel = "tcp|http", completionCandidates = ProtocolNames.class,
            converter = ProtocolConverter.class,
            description = "What cluster mode balances: tcp (whole connections) or http (requests); needs a port. Overrides the file's 'protocol'.")
    ClusterSettings.Protocol protocol;

    @Option(names = "--jvm-args", paramLabel = "options", description = "JVM options for a jar, e.g. \"-Xmx256m\" (split on spaces).")
    String jvmArgs;

    @Option(names = "--prune", description = "Delete the apps started from this file that it no longer declares.")
    boolean prune;

    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        Path path = Path.of(what);
        if (!Files.exists(path) && !FileApps.isEcosystemFile(what) && !what.endsWith(".jar")) {
            return restartKnownApp();
        }
        List<AppSpec> apps = appsToStart(path);
        long memory = MachineMemory.bytes();
        for (AppSpec app : apps) {
            StartWarnings.of(app, memory, JavaRelease.version(app.java())).forEach(w -> err().println(style().yellow("jpm: ") + w));
        }
        if (what.endsWith(".jar")) {
            List<InstanceView> started = sendShowingProgress(new Request.Start(apps), "waiting for instances");
            report(started);
        } else {
            // started before or not, the file's apps are brought to what it says: an update in place
            FileApps file = FileApps.read(path, envProfile, only);
            Request.Update update = new Request.Update(file.source(), apps, file.declared(), prune);
            UpdateReport.print(out(), sendShowingProgress(update, "waiting for instances"), json.enabled(), style());
        }
        return 0;
    }

    /** The apps a file and the options describe, checked before the daemon is asked for anything. */
    List<AppSpec> appsToStart(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new CliFailure("file not found: " + path.toAbsolutePath(), ExitCode.BAD_INPUT);
        }
        List<AppSpec> apps = what.endsWith(".jar") ? List.of(fromJar(path)) : fromEcosystem(path);
        if (protocol != null && apps.stream().noneMatch(app -> app.cluster() != null)) {
            throw new CliFailure("--protocol applies to cluster mode: give --port or a 'port' in the file", ExitCode.BAD_INPUT);
        }
        // a warning, not a refusal: the app starts, but its stops would cut requests short
        apps.forEach(app -> SpringShutdownCheck.warning(app).ifPresent(w -> err().println(style().yellow("jpm: warning: ") + w)));
        return apps;
    }

    private void report(List<InstanceView> started) throws Exception {
        if (json.enabled()) {
            InstanceOutput.print(out(), started, true, style());
            return;
        }
        long errored = started.stream().filter(v -> v.status() == InstanceStatus.ERRORED).count();
        List<String> names = started.stream().map(InstanceView::name).distinct().toList();
        out().println(style().green("✓ ") + "started " + String.join(", ", names) + " (" + started.size() + " instance"
                + (started.size() == 1 ? "" : "s") + ")");
        if (errored > 0) {
            out().println(style().red("! ") + errored + " errored: see 'jpm describe <id>' and the err log");
        }
        printInstances(false);
    }

    private int restartKnownApp() throws Exception {
        send(new Request.Restart(what));
        if (!json.enabled()) {
            out().println(style().green("✓ ") + "started " + what + " again");
        }
        printInstances(json.enabled());
        return 0;
    }

    private List<AppSpec> fromEcosystem(Path file) {
        List<AppSpec> apps = new ArrayList<>();
        for (AppSpec app : FileApps.read(file, envProfile, only).apps()) {
            AppSpec spec = instances == null ? app : app.withInstances(instances);
            if (port != null) {
                spec = spec.withCluster(app.cluster() == null ? ClusterSettings.onPort(port) : app.cluster().withPort(port));
            }
            apps.add(withProtocol(spec));
        }
        return apps;
    }

    private AppSpec fromJar(Path jar) {
        String appName = name != null ? name : AppName.fromJarFileName(jar.getFileName().toString());
        if (!AppName.isSafe(appName)) {
            throw new CliFailure("'" + appName + "' is not a usable app name: " + AppName.rule(), ExitCode.BAD_INPUT);
        }
        if (instances != null && instances < -1) {
            throw new CliFailure("-i takes N >= 1, 0 (one per core) or -1 (one per core but one), not " + instances, ExitCode.BAD_INPUT);
        }
        List<String> jvm = jvmArgs == null || jvmArgs.isBlank() ? List.of() : List.of(jvmArgs.trim().split("\\s+"));
        Path cwd = Path.of("").toAbsolutePath();
        return new AppSpec(appName, jar.toAbsolutePath().normalize().toString(), appArgs, jvm, DaemonLauncher.javaBinary(),
                cwd.toString(), instances == null ? 1 : instances, Map.of(), null,
                port == null ? null : ClusterSettings.onPort(port).withProtocol(protocol), null, null, null, null, null);
    }

    /** The app with --protocol over its file's protocol; an app in fork mode is left as it is. */
    private AppSpec withProtocol(AppSpec app) {
        if (protocol == null || app.cluster() == null) {
            return app;
        }
        if (protocol == ClusterSettings.Protocol.HTTP && app.cluster().proxyProtocol() != ClusterSettings.ProxyProtocol.NONE) {
            throw new CliFailure("--protocol http: app '" + app.name() + "' sets 'proxy_protocol', which only applies with tcp;"
                    + " remove it from the file or leave the protocol as it is", ExitCode.BAD_INPUT);
        }
        return app.withCluster(app.cluster().withProtocol(protocol));
    }

    /** The values --protocol completes to, as they are typed. */
    static final class ProtocolNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ClusterSettings.Protocol.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }

    /** "tcp" or "http", as in the ecosystem file. */
    static final class ProtocolConverter implements CommandLine.ITypeConverter<ClusterSettings.Protocol> {
        @Override
        public ClusterSettings.Protocol convert(String value) {
            for (ClusterSettings.Protocol p : ClusterSettings.Protocol.values()) {
                if (p.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return p;
                }
            }
            throw new CommandLine.TypeConversionException("expected tcp or http, found '" + value + "'");
        }
    }
}
