package dev.jpm.protocol.ecosystem;

/** Size-based rotation of an app's log files: rotate past {@code maxSizeBytes}, keep {@code retain} gzipped files. */
public record LogSettings(long maxSizeBytes, int retain) {
    public static final LogSettings DEFAULTS = new LogSettings(10L * 1024 * 1024, 5);
}
