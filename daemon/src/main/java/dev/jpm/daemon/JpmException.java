package dev.jpm.daemon;

import dev.jpm.protocol.wire.ErrorCode;

/** A request the daemon refuses, with words for the user and a code for the exit status. */
public class JpmException extends RuntimeException {
    private final ErrorCode code;

    public JpmException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
