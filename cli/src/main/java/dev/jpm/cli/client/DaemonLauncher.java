package dev.jpm.cli.client;

import dev.jpm.cli.render.Progress;
import dev.jpm.protocol.home.ArchiveFiles;
import dev.jpm.protocol.home.DaemonLocale;
import dev.jpm.protocol.home.DiskFull;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.ExitCode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the daemon of a home, starting it when none answers (DESIGN.md decision 3). The daemon
 * is started in a new session ({@code setsid}) with no terminal, so neither Ctrl-C nor the end of
 * the caller's shell reaches it; its output goes to {@code daemon.log}.
 */
public final class DaemonLauncher {
    public static final String DAEMON_MAIN = "dev.jpm.daemon.DaemonMain";
    /** Extra JVM options for the daemon, after jpm's own (so they win). */
    public static final String DAEMON_OPTS_ENV = "JPM_DAEMON_JAVA_OPTS";
    /** The daemon is up in well under a second; this bounds a broken start. */
    private static final long START_TIMEOUT_MS = 20_000;
    private static final long POLL_MS = 25;
    private static final int LOG_TAIL_LINES = 20;
    /** How the daemon begins the line that says why it cannot start (DaemonExit). */
    private static final String DAEMON_REFUSAL = "jpm daemon cannot start: ";
    /**
     * The daemon's memory is on every user's machine, so it runs lean. C1 only: C2's compiler
     * threads and code cost about 14 MB of RSS, and the balancer, whose work is mostly system
     * calls, measured no slower under wrk without C2 (bench/RESULTS.md). A small initial heap
     * that gives memory back, the serial GC, small thread stacks. Nothing for open files: HotSpot
     * on Linux raises its soft RLIMIT_NOFILE to the hard limit itself (-XX:+MaxFDLimit, on by
     * default), which the balancer's sockets need; DaemonLimitsIT reads it back from /proc.
     */
    private static final List<String> DAEMON_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms4m", "-Xmx256m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss512k", "-XX:MaxMetaspaceSize=96m",
            "-XX:ReservedCodeCacheSize=32m", "-Djava.awt.headless=true",
            // one full collection gives back all the free heap, not a tenth of it (HeapTrimmer)
            "-XX:-ShrinkHeapInSteps",
            // no hsperfdata file for the daemon itself: its sampler thread wakes 20 times a second to
            // update counters nobody reads (jcmd still attaches; JPM_DAEMON_JAVA_OPTS=-XX:+UsePerfData for jps/jstat)
            "-XX:-UsePerfData",
            // compile a method after ten times the usual calls: the start-up code the daemon runs once
            // stays interpreted (1.2 MB less code and compiler memory idle), while the balancer's
            // paths, called thousands of times a second under load, are compiled within milliseconds
            "-XX:Tier3InvocationThreshold=2000", "-XX:Tier3MinInvocationThreshold=1000",
            "-XX:Tier3CompileThreshold=20000", "-XX:Tier3BackEdgeThreshold=600000");

    /**
     * The balancer's direct buffers are malloc'd, and glibc keeps freed memory in its arenas: after
     * 400 connections and the pools' trim, 26 MB of free arena pages stayed resident. The JVM
     * gives them back every 30 s (malloc_trim), a call that costs next to nothing when there is
     * nothing to give. The option exists from JDK 17.0.9 and 21.0.1 (22 on): an older JVM would
     * refuse to start with it.
     */
    static final String NATIVE_TRIM_OPTION = "-XX:TrimNativeHeapInterval=30000";

    static boolean trimsNativeHeap(Runtime.Version java) {
        return switch (java.feature()) {
            case 17 -> java.update() >= 9;
            case 18, 19, 20 -> false;
            case 21 -> java.update() >= 1;
            default -> java.feature() > 21;
        };
    }

    private final JpmHome home;
    private final String version;
    private final Deadlines deadlines;

    public DaemonLauncher(JpmHome home, String version, Deadlines deadlines) {
        this.home = home;
        this.version = version;
        this.deadlines = deadlines;
    }

    /**
     * A connection to the running daemon, or null when none runs (never starts one). A daemon that
     * refuses us or does not answer in time runs all the same: starting another would only find
     * its lock taken, so those failures go to the caller.
     */
    public DaemonClient connectIfRunning() throws IOException {
        try {
            return DaemonClient.connect(home, version, deadlines);
        } catch (DaemonClient.DaemonRefusedException | DaemonClient.DaemonTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return null;
        }
    }

    /** A connection to the daemon, started first when needed, with progress shown meanwhile. */
    public DaemonClient connectOrStart(Progress progress) throws IOException {
        DaemonClient client = connectIfRunning();
        if (client != null) {
            return client;
        }
        progress.update("starting the jpm daemon");
        Process daemon = spawn();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        try {
            while (System.currentTimeMillis() < deadline) {
                client = connectIfRunning();
                if (client != null) {
                    return client;
                }
                // another CLI started a daemon at the same moment: wait for that one
                if (!daemon.isAlive() && daemon.exitValue() != ExitCode.DAEMON_ALREADY_RUNNING.number()) {
                    throw startFailure("the jpm daemon exited with status " + daemon.exitValue() + " while starting",
                            daemon.exitValue());
                }
                sleep();
            }
            throw startFailure("the jpm daemon did not answer within " + START_TIMEOUT_MS / 1000 + " s", null);
        } finally {
            progress.done();
        }
    }

    /**
     * Checks the home before the daemon is started into it: this CLI opens daemon.log for the
     * daemon's output, and {@code appendTo} follows a symlink, so a planted daemon.log would have
     * the daemon write wherever it points. A home that belongs to another user, is open to
     * others, or is a link is refused ({@link PathSafety}); a missing one is created owner-only.
     */
    private Process spawn() throws IOException {
        try {
            PathSafety.preparePrivateFolders(home);
            PathSafety.requireSafeFile(home.daemonLog());
            if (!Files.exists(home.daemonLog(), LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(home.daemonLog(), PathSafety.ownerOnlyFile());
            }
        } catch (PathSafety.UnsafePathException e) {
            throw e;
        } catch (IOException e) {
            if (DiskFull.is(e)) {
                throw diskFull();
            }
            throw e;
        }
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute()) {
            cmd.add("setsid");
        }
        String classPath = System.getProperty("java.class.path");
        List<String> daemon = new ArrayList<>(daemonCommand(classPath, List.of()));
        daemon.addAll(1, archiveOptions(home, classPath));
        cmd.addAll(daemon);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().put(JpmHome.ENV, home.root().toString());
        DaemonLocale.forDaemon(builder.environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.daemonLog().toFile()));
        builder.redirectErrorStream(true);
        return builder.start();
    }

    /**
     * The daemon's command line: this CLI's java, jpm's options for it and the user's
     * ({@value #DAEMON_OPTS_ENV}), then {@code args} for the daemon. The systemd unit of
     * {@code jpm startup} runs the same, with the daemon's foreground arguments.
     */
    public static List<String> daemonCommand(String classPath, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(DAEMON_JVM_OPTIONS);
        if (trimsNativeHeap(Runtime.version())) {
            cmd.add(NATIVE_TRIM_OPTION);
        }
        String extra = System.getenv(DAEMON_OPTS_ENV);
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(DAEMON_MAIN);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The daemon's own class-data archive (OwnArchive in the daemon): mapped once made, else the classes
     * are listed as they load so that the daemon can make it. None where it cannot be had safely:
     * a class path that is not one jar, a cds folder that is not private, a path with a ':' (which
     * {@code -XX:SharedArchiveFile} reads as two archives).
     */
    static List<String> archiveOptions(JpmHome home, String classPath) {
        try {
            Path jar = Path.of(classPath);
            if (classPath.contains(File.pathSeparator) || !Files.isRegularFile(jar)) {
                return List.of();
            }
            Path archive = ArchiveFiles.daemonArchive(home, jar, Runtime.version().toString());
            PathSafety.createOrRequirePrivate(home.cdsDir());
            PathSafety.createOrRequirePrivate(archive.getParent());
            if (archive.toString().contains(":")) {
                return List.of();
            }
            if (Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
                // checked against its CRC at start (no RSS cost measured): a damaged archive is not
                // mapped, where one flipped bit could otherwise crash every daemon start
                return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+VerifySharedSpaces");
            }
            return List.of("-XX:DumpLoadedClassList=" + ArchiveFiles.classList(archive), "-D" + ArchiveFiles.DAEMON_ARCHIVE_PROPERTY + "=" + archive);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The java running this CLI: the daemon and the default instances use the same. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Why the daemon did not start, in the CLI's words where the cause is known. The daemon's
     * exit status says it first: a full disk, or an unsafe path it found (the CLI checked the
     * same before, so only a change in between gets here). Otherwise the tail of the daemon's
     * log, and when the home's file system has next to no space left (so that the log tail may
     * be empty or stale) that too, as a likely cause rather than a certain one.
     */
    private DaemonStartException startFailure(String what, Integer status) {
        return startFailure(what, status, DiskFull.usableBytes(home.root()));
    }

    DaemonStartException startFailure(String what, Integer status, long freeBytes) {
        if (Integer.valueOf(ExitCode.STORAGE.number()).equals(status)) {
            return diskFull();
        }
        String tail = tail();
        if (Integer.valueOf(ExitCode.UNSAFE_PATH.number()).equals(status)) {
            String reason = tail.lines().filter(l -> l.startsWith(DAEMON_REFUSAL)).reduce((a, b) -> b)
                    .map(l -> l.substring(DAEMON_REFUSAL.length())).orElse("it found an unsafe path in " + home.root());
            return new DaemonStartException("the jpm daemon cannot start: " + reason, null, ErrorCode.UNSAFE_PATH);
        }
        if (freeBytes >= 0 && freeBytes < DiskFull.NEARLY_FULL_BYTES) {
            return new DaemonStartException(what + "; the disk holding " + home.root() + " is full (" + freeBytes
                    + " bytes free), which is likely why: free some space there and run the command again", tail, null);
        }
        return new DaemonStartException(what, tail, null);
    }

    private DaemonStartException diskFull() {
        return new DaemonStartException("the jpm daemon cannot start: the disk holding " + home.root() + " is full ("
                + DiskFull.usableBytes(home.root()) + " bytes free); free some space there and run the command again",
                null, ErrorCode.STORAGE);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(home.daemonLog(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no daemon log at " + home.daemonLog() + ")";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The daemon could not be started: why, the tail of its log when that says more, and the kind of failure when known. */
    public static final class DaemonStartException extends IOException {
        private final String logTail;
        private final ErrorCode code;

        DaemonStartException(String message, String logTail, ErrorCode code) {
            super(message);
            this.logTail = logTail;
            this.code = code;
        }

        /** Null when the message says all. */
        public String logTail() {
            return logTail;
        }

        /** Null when the cause is unknown: the daemon is just unavailable. */
        public ErrorCode code() {
            return code;
        }
    }
}
