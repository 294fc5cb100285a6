package dev.jpm.daemon.jvm;

import java.nio.charset.StandardCharsets;

/**
 * A HotSpot attach listener's answer: a decimal status on its own line (0 for success), then the
 * operation's output until the JVM closes the connection. A non-zero status makes the output the
 * error message; 101 means the JVM speaks another attach protocol version.
 */
record AttachReply(int status, String output) {
    static final int BAD_VERSION = 101;
    /** A status is a small int; a longer first line is not an attach listener talking. */
    private static final int MAX_STATUS_DIGITS = 10;

    boolean ok() {
        return status == 0;
    }

    /**
     * Parses everything the JVM sent; a reply with no complete status line (the JVM closed the
     * connection early, or something else answered) is an {@link IllegalArgumentException}.
     */
    static AttachReply parse(byte[] bytes) {
        int newline = -1;
        for (int i = 0; i < bytes.length && i <= MAX_STATUS_DIGITS + 1; i++) {
            if (bytes[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new IllegalArgumentException(bytes.length == 0 ? "the JVM closed the connection without an answer"
                    : "no status line in the JVM's answer: " + preview(bytes));
        }
        String statusText = new String(bytes, 0, newline, StandardCharsets.US_ASCII).trim();
        int status;
        try {
            status = Integer.parseInt(statusText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the JVM's answer starts with '" + statusText + "', not a status");
        }
        return new AttachReply(status, new String(bytes, newline + 1, bytes.length - newline - 1, StandardCharsets.UTF_8));
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.UTF_8);
        return "'" + text.replace("\n", "\\n") + (bytes.length > 40 ? "…" : "") + "'";
    }
}
