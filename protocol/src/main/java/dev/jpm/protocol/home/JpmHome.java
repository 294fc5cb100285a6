package dev.jpm.protocol.home;

import java.nio.file.Path;
import java.util.Map;

/**
 * The layout of a jpm home folder: the one place both the CLI and the daemon learn where the
 * socket, the lock, the logs and the state live. {@code JPM_HOME} chooses it; the default is
 * {@code ~/.jpm}.
 */
public record JpmHome(Path root) {

    public static final String ENV = "JPM_HOME";

    public static JpmHome fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static JpmHome fromEnvironment(Map<String, String> env) {
        String configured = env.get(ENV);
        if (configured != null && !configured.isBlank()) {
            return new JpmHome(Path.of(configured).toAbsolutePath().normalize());
        }
        return new JpmHome(Path.of(System.getProperty("user.home"), ".jpm"));
    }

    public Path socket() {
        return root.resolve("daemon.sock");
    }

    public Path pidFile() {
        return root.resolve("daemon.pid");
    }

    public Path lockFile() {
        return root.resolve("daemon.lock");
    }

    public Path daemonLog() {
        return root.resolve("daemon.log");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    /** Live instances, so that a restarted daemon can re-adopt them. */
    public Path stateFile() {
        return root.resolve("state.json");
    }

    /** The app list written by {@code jpm save} and read by {@code jpm resurrect}. */
    public Path dumpFile() {
        return root.resolve("dump.json");
    }

    /** Thread dumps, heap dumps and JFR recordings, one folder per app. */
    public Path dumpsDir() {
        return root.resolve("dumps");
    }

    /**
     * An app's dumps: jpm's own, named {@code <kind>-<instance id>-<yyyyMMdd-HHmmss>.<ext>}, and
     * the JVM's {@code java_pid<pid>.hprof} on OutOfMemoryError. The app name is a safe file-name
     * part ({@link AppName}), so this never leaves {@link #dumpsDir()}.
     */
    public Path dumpsDir(String app) {
        return dumpsDir().resolve(app);
    }

    /** The apps' class-data archives ({@code cds: auto}), one per app and jar version. */
    public Path cdsDir() {
        return root.resolve("cds");
    }

    /**
     * The file an instance's stdout or stderr is appended to. The app name has been checked to be
     * a safe file-name part ({@link AppName}), so this never leaves {@link #logsDir()}.
     */
    public Path logFile(String app, int id, LogStream stream) {
        return logsDir().resolve(app + "-" + id + "-" + stream.suffix() + ".log");
    }
}
