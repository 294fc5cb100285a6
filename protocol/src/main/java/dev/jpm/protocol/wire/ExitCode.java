package dev.jpm.protocol.wire;

import java.util.Arrays;
import java.util.List;

/**
 * Every exit status jpm has, defined once: the CLI's for each outcome, and the daemon process's own
 * when it cannot start (read only by the CLI that started it). A refusal from the daemon travels as an
 * {@link ErrorCode} and ends the CLI with that code's status. The README's table is generated from
 * this ({@link #markdownTable}) and a test keeps the two in step; a number never changes meaning.
 */
public enum ExitCode {
    OK(0, "done"),
    INTERNAL(1, "a failure inside the daemon (its log says more)"),
    BAD_INPUT(2, "bad input: YAML, file, option (monit without a terminal too)"),
    NOT_FOUND(3, "no such app or instance"),
    CONFLICT(4, "conflict with what runs: name taken, port taken"),
    VERSION_MISMATCH(5, "the CLI and the daemon speak different protocol versions"),
    FORBIDDEN(6, "the daemon belongs to another user"),
    DAEMON_UNAVAILABLE(7, "the daemon could not be reached or started, or did not answer in time (the reason is printed)"),
    STORAGE(8, "a change could not be made durable or a file written (disk full, permissions)"),
    UNSAFE_PATH(9, "a file or folder in `JPM_HOME` is unsafe (a symlink, another user's, writable by others)"),
    LAUNCH_FAILED(10, "an instance failed to launch or exited before it was confirmed up"),
    BUSY(11, "the daemon is at its connection limit; retry shortly"),
    UNRESPONSIVE(12, "an instance's JVM did not answer a thread dump, heap dump or JFR request (frozen, attach disabled, exited)"),
    /**
     * The daemon process only, never the CLI's: another daemon already holds the home's lock, so the
     * CLI that started this one (two CLIs at the same moment) waits for that one instead. It shares 3
     * with {@link #NOT_FOUND} because the two are read by different parents and 3 has always meant it.
     */
    DAEMON_ALREADY_RUNNING(3, "(the daemon process) another daemon already runs for this JPM_HOME");

    private final int number;
    private final String meaning;

    ExitCode(int number, String meaning) {
        this.number = number;
        this.meaning = meaning;
    }

    public int number() {
        return number;
    }

    public String meaning() {
        return meaning;
    }

    /** The statuses a user or a script sees from {@code jpm}, in order of their number. */
    public static List<ExitCode> ofTheCli() {
        return Arrays.stream(values()).filter(c -> c != DAEMON_ALREADY_RUNNING).toList();
    }

    /** The README's table: number and meaning, one row per status the CLI exits with. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append("| exit | meaning |\n");
        out.append("|---|---|\n");
        for (ExitCode code : ofTheCli()) {
            out.append("| ").append(code.number).append(" | ").append(code.meaning).append(" |\n");
        }
        return out.toString();
    }
}
