package dev.jpm.protocol.wire;

/**
 * Closes a request. {@code result} is what the request's type says it answers with
 * ({@link Request}'s {@code R}); on failure {@code error} says what went wrong in words for the
 * user and {@code code} names the kind of failure for scripts and for the CLI's exit code.
 *
 * @param <R> the result's type
 */
public record Reply<R>(long id, boolean ok, String error, String code, R result) {

    public static <R> Reply<R> success(long id, R result) {
        return new Reply<>(id, true, null, null, result);
    }

    public static <R> Reply<R> failure(long id, ErrorCode code, String message) {
        return new Reply<>(id, false, message, code.wireName(), null);
    }

    public ErrorCode errorCode() {
        return ErrorCode.fromWireName(code);
    }
}
