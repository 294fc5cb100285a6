package dev.jpm.protocol.wire;

import java.util.Locale;

/** Kinds of failure the daemon reports, by their wire name; each ends the CLI with one {@link ExitCode}. */
public enum ErrorCode {
    /** The request could not be read: not JSON, too large, unknown cmd, missing fields. */
    BAD_REQUEST(ExitCode.BAD_INPUT),
    /** The target names no app or instance. */
    NOT_FOUND(ExitCode.NOT_FOUND),
    /** The request is valid but conflicts with what runs: a duplicate app, a taken port. */
    CONFLICT(ExitCode.CONFLICT),
    /** The CLI and the daemon speak different protocol versions. */
    VERSION_MISMATCH(ExitCode.VERSION_MISMATCH),
    /** The connecting process belongs to another OS user. */
    FORBIDDEN(ExitCode.FORBIDDEN),
    /** A change could not be made durable, or a file could not be written: disk full, permissions. */
    STORAGE(ExitCode.STORAGE),
    /** A file or folder jpm would use is a symlink, belongs to another user or is writable by others. */
    UNSAFE_PATH(ExitCode.UNSAFE_PATH),
    /** An instance failed to launch, or exited before it was confirmed up. */
    LAUNCH_FAILED(ExitCode.LAUNCH_FAILED),
    /** An instance's JVM gave no answer to a thread dump, heap dump or JFR request: frozen, attach disabled, gone. */
    UNRESPONSIVE(ExitCode.UNRESPONSIVE),
    /** The daemon is at its limit of control connections; retry shortly. */
    BUSY(ExitCode.BUSY),
    /** Something failed inside the daemon; its log says more. */
    INTERNAL(ExitCode.INTERNAL);

    private final ExitCode exit;

    ErrorCode(ExitCode exit) {
        this.exit = exit;
    }

    public ExitCode exit() {
        return exit;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ErrorCode fromWireName(String name) {
        if (name == null) {
            return INTERNAL;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return INTERNAL;
        }
    }
}
