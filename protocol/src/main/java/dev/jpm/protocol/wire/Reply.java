package dev.jpm.protocol.wire;

/**
 * Closes a request. {@code result} is a JSON value (decode it with {@link RecordCodec}); on
 * failure {@code error} says what went wrong in words for the user and {@code code} names the
 * kind of failure for scripts and for the CLI's exit code.
 */
public record Reply(long id, boolean ok, String error, String code, Object result) {

    public static Reply success(long id, Object result) {
        return new Reply(id, true, null, null, RecordCodec.toJson(result));
    }

    public static Reply failure(long id, ErrorCode code, String message) {
        return new Reply(id, false, message, code.wireName(), null);
    }

    public ErrorCode errorCode() {
        return ErrorCode.fromWireName(code);
    }
}
