package dev.jpm.cli.startup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The systemd unit of {@code jpm startup}: a pure function of its settings, so a test can read
 * every line. Each setting below says why it has its value.
 *
 * @param scope           a user unit (the user's own systemd) or a system unit
 * @param user            the account the daemon runs as (written as {@code User=} in a system unit only)
 * @param daemonCommand   java, pinned by absolute path, its options, the class path and the daemon's arguments
 * @param home            the JPM_HOME the daemon serves
 * @param stopTimeoutSec  how long {@code systemctl stop} lets the daemon stop its instances ({@link StopTimeout})
 * @param version         jpm's version, in the header
 */
public record UnitFile(Scope scope, String user, List<String> daemonCommand, Path home, long stopTimeoutSec, String version) {
    /**
     * Open files for the daemon and, inherited, its instances: every balanced connection holds two.
     * A system unit asks for 1048576, the kernel's default ceiling (fs.nr_open). A user unit cannot
     * go above its user manager's own hard limit, which is systemd's default 524288: more would
     * make the start fail (status 205/LIMITS) instead of giving fewer files.
     */
    static final long SYSTEM_OPEN_FILES = 1_048_576;
    static final long USER_OPEN_FILES = 524_288;

    public enum Scope { USER, SYSTEM }

    /** The unit's file name: one per user on the system, one per user manager for a user unit. */
    public String name() {
        return scope == Scope.USER ? "jpm.service" : "jpm-" + user + ".service";
    }

    public String text() {
        List<String> lines = new ArrayList<>();
        lines.add("# written by 'jpm startup' (jpm " + version + "); 'jpm unstartup' removes it");
        lines.add("[Unit]");
        // Description= expands specifiers too, and a line break would end it and start a directive of the home's choosing
        lines.add("Description=" + ("jpm process manager for " + user + " (JPM_HOME=" + home + ")").replace("%", "%%")
                .replace("\n", "\\n").replace("\r", "\\r"));
        if (scope == Scope.SYSTEM) {
            // apps that listen or connect at start want the network configured (a user manager has no such target)
            lines.add("Wants=network-online.target");
            lines.add("After=network-online.target");
        }
        // never give up on the daemon: RestartSec=1 already bounds a crash loop to one JVM start a second,
        // and a unit that gave up would leave the public ports down until someone noticed
        lines.add("StartLimitIntervalSec=0");
        lines.add("");
        lines.add("[Service]");
        lines.add("Type=simple");
        if (scope == Scope.SYSTEM) {
            lines.add("User=" + user);
        }
        lines.add("Environment=" + quoted("JPM_HOME=" + home, false));
        // the daemon's C library messages in English: the only way it can tell a full disk (DaemonLocale)
        lines.add("Environment=LC_ALL=C.UTF-8");
        lines.add("ExecStart=" + String.join(" ", daemonCommand.stream().map(word -> quoted(word, true)).toList()));
        // on-failure, not always: a crash, SIGKILL (the OOM killer) or an error exit brings the daemon back,
        // while 'jpm kill' (exit 0 after stopping every app) means what it says and is not undone a second later
        lines.add("Restart=on-failure");
        lines.add("RestartSec=1");
        // process, not control-group: a crashed daemon's instances must outlive it (the next one re-adopts
        // them), and on 'systemctl stop' the daemon itself stops each instance gracefully on its SIGTERM
        lines.add("KillMode=process");
        lines.add("TimeoutStopSec=" + stopTimeoutSec);
        lines.add("LimitNOFILE=" + (scope == Scope.SYSTEM ? SYSTEM_OPEN_FILES : USER_OPEN_FILES));
        lines.add("");
        lines.add("[Install]");
        lines.add("WantedBy=" + (scope == Scope.SYSTEM ? "multi-user.target" : "default.target"));
        return String.join("\n", lines) + "\n";
    }

    /**
     * One word as systemd reads it: '%' starts a specifier anywhere and '$' a variable in a
     * command line, so those are doubled; a word with a space, quote or backslash is
     * double-quoted, C-style, as is one with a line break (as {@code \n}: a raw one would end the
     * directive and let the rest of the word be read as one of its own).
     */
    static String quoted(String word, boolean commandLine) {
        String escaped = word.replace("%", "%%");
        if (commandLine) {
            escaped = escaped.replace("$", "$$");
        }
        if (escaped.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\\' || c == '\'' || c == '\t' || c == '\n' || c == '\r')) {
            return escaped;
        }
        return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
}
