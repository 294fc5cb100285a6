package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.Ecosystem;
import dev.jpm.protocol.ecosystem.RestartSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code jpm export systemd}: one template unit per app, {@code <name>@.service}, and one unit
 * instance per jpm instance. systemd cannot add numbers, so an app with a port names each instance
 * by its own port ({@code demo@3001}, {@code demo@3002}: {@code PORT=%i}), port+1 to port+N, which
 * leaves the public port itself to a proxy in front; an app without one numbers them from 0.
 */
public final class SystemdExporter implements Exporter {
    private static final int MAX_PORT = 65_535;
    private static final KeyTable KEYS = SystemdKeys.table();

    @Override
    public KeyTable keys() {
        return KEYS;
    }

    @Override
    public Export export(Ecosystem ecosystem, ExportOptions options) throws ExportException {
        List<AppSpec> apps = ecosystem.apps();
        List<String> notes = new ArrayList<>();
        Map<String, Integer> replicas = Replicas.of(apps, options.replicas(), notes);
        KeyValues values = new KeyValues(ecosystem.file().getParent(), options.defaultJava());
        List<ExportFile> files = new ArrayList<>();
        for (AppSpec app : apps) {
            List<String> instances = instanceNames(app, replicas.get(app.name()));
            List<String> appNotes = new ArrayList<>(notes.stream().filter(n -> n.startsWith(app.name() + ":")).toList());
            appNotes.add("install: copy to /etc/systemd/system/ (add User=) or ~/.config/systemd/user/, then"
                    + " systemctl daemon-reload && systemctl enable --now "
                    + instances.stream().map(i -> app.name() + "@" + i + ".service").collect(Collectors.joining(" ")));
            NotCarried notCarried = new NotCarried(KEYS, List.of(app), values);
            String header = YamlText.comment(Header.lines("systemd unit for the app " + app.name() + " of "
                    + ecosystem.file().getFileName() + ", written by `jpm export systemd`.", appNotes, notCarried));
            files.add(new ExportFile(app.name() + "@.service", header + unit(app)));
        }
        return new Export(files, Header.warnings(notes, new NotCarried(KEYS, apps, values)));
    }

    private static List<String> instanceNames(AppSpec app, int count) throws ExportException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(Integer.toString(app.cluster() == null ? i : app.cluster().port() + 1 + i));
        }
        if (app.cluster() != null && app.cluster().port() + count > MAX_PORT) {
            throw new ExportException(app.name() + ": " + count + " instance ports after " + app.cluster().port()
                    + " go past " + MAX_PORT + "; choose fewer with --replicas or a lower port");
        }
        return names;
    }

    private static String unit(AppSpec app) {
        RestartSettings restart = app.restart();
        boolean cluster = app.cluster() != null;
        StringBuilder unit = new StringBuilder();
        unit.append("[Unit]\n");
        unit.append("Description=").append(SystemdSyntax.plain(app.name()))
                .append(cluster ? " on port %i" : " instance %i").append('\n');
        unit.append("After=network.target\n");
        // jpm gives up after max_restarts starts that each lasted less than min_uptime; systemd after
        // StartLimitBurst starts within StartLimitIntervalSec: the same count at the same pace
        int burst = restart.maxRestarts() + 1;
        unit.append("StartLimitBurst=").append(burst).append('\n');
        unit.append("StartLimitIntervalSec=")
                .append(Quantities.duration(burst * (restart.minUptimeMs() + restart.restartDelayMs()))).append('\n');
        unit.append("\n[Service]\n");
        unit.append("Type=simple\n");
        unit.append("WorkingDirectory=").append(SystemdSyntax.plain(app.cwd())).append('\n');
        new TreeMap<>(app.env()).forEach((name, value) -> unit.append(SystemdSyntax.environment(name, value)).append('\n'));
        if (cluster) {
            // after the app's env, as jpm sets PORT last
            unit.append("Environment=PORT=%i\n");
        }
        unit.append("ExecStart=").append(execStart(app)).append('\n');
        unit.append("Restart=").append(restart.autorestart() ? "always" : "no").append('\n');
        unit.append("RestartSec=").append(Quantities.duration(restart.restartDelayMs())).append('\n');
        if (!app.stop().exitCodes().isEmpty()) {
            String codes = app.stop().exitCodes().stream().map(String::valueOf).collect(Collectors.joining(" "));
            unit.append("RestartPreventExitStatus=").append(codes).append('\n');
            unit.append("SuccessExitStatus=").append(codes).append('\n');
        }
        unit.append("KillSignal=").append(app.stop().signal()).append('\n');
        unit.append("TimeoutStopSec=").append(Quantities.duration(restart.killTimeoutMs())).append('\n');
        if (restart.maxMemoryRestartBytes() > 0) {
            unit.append("MemoryMax=").append(Quantities.bytes(restart.maxMemoryRestartBytes(), "K", "M", "G")).append('\n');
        }
        unit.append("\n[Install]\n");
        unit.append("WantedBy=multi-user.target\n");
        return unit.toString();
    }

    private static String execStart(AppSpec app) {
        boolean port = app.cluster() != null;
        List<String> words = new ArrayList<>();
        words.add(SystemdSyntax.execWord(app.java(), false));
        app.jvmArgs().forEach(a -> words.add(SystemdSyntax.execWord(a, port)));
        words.add("-jar");
        words.add(SystemdSyntax.execWord(app.jar(), false));
        app.args().forEach(a -> words.add(SystemdSyntax.execWord(a, port)));
        return String.join(" ", words);
    }
}
