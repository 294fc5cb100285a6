package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.jvm.InstanceJvm;
import dev.jpm.daemon.jvm.JvmFlags;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.home.DaemonLocale;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.home.ProcEnvironScanner;
import dev.jpm.protocol.home.ProcessMarker;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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
    private static final File DEV_NULL = new File("/dev/null");

    private final JpmHome home;
    private final InstanceJvm jvm;

    InstanceLauncher(JpmHome home) {
        this.home = home;
        this.jvm = new InstanceJvm(home);
    }

    JpmHome home() {
        return home;
    }

    Process launch(AppSpec spec, int id, int index, Integer internalPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.directory(new File(spec.cwd()));
        Map<String, String> env = builder.environment();
        DaemonLocale.forInstance(env);
        env.putAll(spec.env());
        // after the app's env: the marker is how this home finds the process again, so an app cannot override it
        env.put(ProcessMarker.HOME_VARIABLE, ProcEnvironScanner.markerOf(home.root()));
        env.put(ProcessMarker.APP_VARIABLE, spec.name());
        env.put(ProcessMarker.ID_VARIABLE, Integer.toString(id));
        env.put(ProcessMarker.INDEX_VARIABLE, Integer.toString(index));
        if (internalPort != null) {
            env.put("PORT", internalPort.toString());
        }
        builder.command(command(spec, jvm.flags(spec, id, env), internalPort));
        builder.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(spec, id, LogStream.OUT)));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(logFile(spec, id, LogStream.ERR)));
        return builder.start();
    }

    /** {@code jpmFlags} go before the app's jvm_args, so that theirs win where the JVM takes the last of two ({@link JvmFlags}). */
    static List<String> command(AppSpec spec, List<String> jpmFlags, Integer internalPort) {
        List<String> cmd = new ArrayList<>();
        cmd.add(spec.java());
        cmd.addAll(jpmFlags);
        spec.jvmArgs().forEach(a -> cmd.add(substitute(a, internalPort)));
        cmd.add("-jar");
        cmd.add(spec.jar());
        spec.args().forEach(a -> cmd.add(substitute(a, internalPort)));
        return cmd;
    }

    private static String substitute(String arg, Integer port) {
        return port == null ? arg : arg.replace(PORT_PLACEHOLDER, port.toString());
    }

    /**
     * The file the OS will append the instance's output to. {@code appendTo} follows symlinks and
     * Java has no O_NOFOLLOW for it, so the file is checked first (ours, not a link) and, when
     * new, created owner-only by us; logs/ is private, so no one else can swap it after the check.
     */
    private File logFile(AppSpec spec, int id, LogStream stream) throws IOException {
        Path path = home.logFile(spec.name(), id, stream);
        PathSafety.requireSafeFile(path);
        try {
            Files.createFile(path, PathSafety.ownerOnlyFile());
        } catch (FileAlreadyExistsException e) {
            // checked above: appended to
        }
        return path.toFile();
    }
}
