package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.jvm.InstanceJvm;
import dev.jpm.daemon.jvm.JvmFlags;
import dev.jpm.daemon.logs.LogFiles;
import dev.jpm.daemon.logs.StampedOutput;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.DaemonLocale;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.home.ProcEnvironScanner;
import dev.jpm.protocol.home.ProcessMarker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an app spec into a running JVM: {@code java [jpm's flags] [jvm_args] -jar app.jar [args]}. Output goes
 * straight to the instance's log files, appended by the OS (DESIGN.md decision 4): the daemon
 * copies no bytes, and the instance keeps logging if the daemon dies.
 */
final class InstanceLauncher {
    static final String PORT_PLACEHOLDER = "${PORT}";
    private static final File DEV_NULL = new File(LogSettings.DISCARD);

    private final JpmHome home;
    private final InstanceJvm jvm;
    private final StampedOutput stamped;

    InstanceLauncher(JpmHome home, StampedOutput stamped) {
        this.home = home;
        this.jvm = new InstanceJvm(home);
        this.stamped = stamped;
    }

    JpmHome home() {
        return home;
    }

    Process launch(AppSpec spec, int id, int index, Integer internalPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.directory(new File(spec.cwd()));
        Map<String, String> env = builder.environment();
        DaemonLocale.forInstance(env);
        spec.env().forEach((name, value) -> env.put(name, substitute(value, index, internalPort)));
        // after the app's env: the marker is how this home finds the process again, so an app cannot override it
        env.put(ProcessMarker.HOME_VARIABLE, ProcEnvironScanner.markerOf(home.root()));
        env.put(ProcessMarker.APP_VARIABLE, spec.name());
        env.put(ProcessMarker.ID_VARIABLE, Integer.toString(id));
        env.put(ProcessMarker.INDEX_VARIABLE, Integer.toString(index));
        if (internalPort != null) {
            env.put("PORT", internalPort.toString());
        }
        builder.command(command(spec, jvm.flags(spec, id, env), index, internalPort));
        builder.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        List<StampedOutput.Pending> pipes = new ArrayList<>();
        try {
            builder.redirectOutput(destination(spec, id, index, LogStream.OUT, pipes));
            builder.redirectError(destination(spec, id, index, LogStream.ERR, pipes));
            if (!pipes.isEmpty()) {
                builder.command(StampedOutput.holdingReadEnds(pipes, builder.command()));
            }
            return builder.start();
        } finally {
            // the process has its own ends of the pipes now, or never will: from here its exit ends their readers
            for (StampedOutput.Pending pipe : pipes) {
                pipe.close();
            }
        }
    }

    /** {@code jpmFlags} go before the app's jvm_args, so that theirs win where the JVM takes the last of two ({@link JvmFlags}). */
    static List<String> command(AppSpec spec, List<String> jpmFlags, int index, Integer internalPort) {
        List<String> cmd = new ArrayList<>();
        cmd.add(spec.java());
        cmd.addAll(jpmFlags);
        spec.jvmArgs().forEach(a -> cmd.add(substitute(a, index, internalPort)));
        cmd.add("-jar");
        cmd.add(spec.jar());
        spec.args().forEach(a -> cmd.add(substitute(a, index, internalPort)));
        return cmd;
    }

    /**
     * {@code ${PORT}} and {@code ${INSTANCE_ID}} replaced. The index, not jpm's global id: it
     * is what {@code JPM_INSTANCE_ID} holds, 0..n-1, the same for an instance over its restarts
     * and reloads, so a GC log or JMX port made with it stays the instance's own.
     */
    static String substitute(String text, int index, Integer port) {
        String withIndex = LogSettings.withInstanceId(text, index);
        return port == null ? withIndex : withIndex.replace(PORT_PLACEHOLDER, port.toString());
    }

    /**
     * Where the OS sends one of the instance's streams: its log file, checked ({@link LogFiles#prepare}),
     * a pipe the daemon stamps into the file ({@code log_date_format}, added to {@code pipes}), or nowhere.
     */
    private ProcessBuilder.Redirect destination(AppSpec spec, int id, int index, LogStream stream,
                                                List<StampedOutput.Pending> pipes) throws IOException {
        Path file = spec.logs().file(home, spec.name(), id, index, stream);
        if (file == null) {
            return ProcessBuilder.Redirect.DISCARD;
        }
        if (spec.logs().dateFormat() != null) {
            StampedOutput.Pending pipe = stamped.open(spec.name(), id, stream, file, spec.logs().dateFormat());
            pipes.add(pipe);
            return pipe.redirect();
        }
        return ProcessBuilder.Redirect.appendTo(LogFiles.prepare(home, file).toFile());
    }
}
