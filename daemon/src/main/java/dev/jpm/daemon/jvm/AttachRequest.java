package dev.jpm.daemon.jvm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request to a HotSpot JVM's attach listener, as bytes: the protocol version {@code "1"}, the
 * operation, and exactly three arguments, each NUL-terminated (the listener reads five strings and
 * no more). The {@code jcmd} operation carries the whole command line in its first argument.
 * HotSpot 17 refuses an operation name over 16 bytes and an argument over 1024.
 */
record AttachRequest(String operation, List<String> args) {
    static final String PROTOCOL_VERSION = "1";
    static final int ARG_COUNT = 3;
    static final int MAX_OPERATION_BYTES = 16;
    static final int MAX_ARG_BYTES = 1024;

    AttachRequest {
        if (args.size() > ARG_COUNT) {
            throw new IllegalArgumentException("an attach request has at most " + ARG_COUNT + " arguments: " + args);
        }
        if (utf8(operation).length > MAX_OPERATION_BYTES) {
            throw new IllegalArgumentException("attach operation name too long: " + operation);
        }
        for (String arg : args) {
            if (utf8(arg).length > MAX_ARG_BYTES) {
                throw new IllegalArgumentException("attach argument over " + MAX_ARG_BYTES + " bytes: " + arg);
            }
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("attach argument holds a NUL: " + arg);
            }
        }
        args = List.copyOf(args);
    }

    /** A diagnostic command, as {@code jcmd <pid> <commandLine>} sends it. */
    static AttachRequest jcmd(String commandLine) {
        return new AttachRequest("jcmd", List.of(commandLine));
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        terminated(out, PROTOCOL_VERSION);
        terminated(out, operation);
        for (int i = 0; i < ARG_COUNT; i++) {
            terminated(out, i < args.size() ? args.get(i) : "");
        }
        return out.toByteArray();
    }

    private static void terminated(ByteArrayOutputStream out, String s) {
        out.writeBytes(utf8(s));
        out.write(0);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return operation + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }
}
