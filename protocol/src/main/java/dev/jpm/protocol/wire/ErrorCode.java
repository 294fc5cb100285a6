package dev.jpm.protocol.wire;

import java.util.Locale;

/** Kinds of failure the daemon reports; each maps to one CLI exit code. */
public enum ErrorCode {
    /** The request could not be read: not JSON, too large, unknown cmd, missing fields. */
    BAD_REQUEST(2),
    /** The target names no app or instance. */
    NOT_FOUND(3),
    /** The request is valid but conflicts with what runs: a duplicate app, a taken port. */
    CONFLICT(4),
    /** The CLI and the daemon speak different protocol versions. */
    VERSION_MISMATCH(5),
    /** The connecting process belongs to another OS user. */
    FORBIDDEN(6),
    /** A change could not be made durable, or a file could not be written: disk full, permissions. */
    STORAGE(8),
    /** A file or folder jpm would use is a symlink, belongs to another user or is writable by others. */
    UNSAFE_PATH(9),
    /** An instance failed to launch, or exited before it was confirmed up. */
    LAUNCH_FAILED(10),
    /** The daemon is at its limit of control connections; retry shortly. */
    BUSY(11),
    /** Something failed inside the daemon; its log says more. */
    INTERNAL(1);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
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
