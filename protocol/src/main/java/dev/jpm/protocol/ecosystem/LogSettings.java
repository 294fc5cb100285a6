package dev.jpm.protocol.ecosystem;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.nio.file.Path;

/**
 * Where an app's output goes and how its files rotate: rotate past {@code maxSizeBytes}, keep
 * {@code retain} gzipped files beside each.
 *
 * @param outFile    null for jpm's own file in {@code JPM_HOME/logs}; {@value #DISCARD} to keep none;
 *                   else an absolute path, in which {@value #INSTANCE_ID} stands for the instance's
 *                   index in its app (0..n-1). Without it, the app's instances share the one file.
 * @param errFile    as {@code outFile}, for stderr; it may name the same file as {@code outFile}
 * @param dateFormat a {@link java.time.format.DateTimeFormatter} pattern each line is prefixed
 *                   with, or null for none
 */
public record LogSettings(long maxSizeBytes, int retain, String outFile, String errFile, String dateFormat) {
    public static final LogSettings DEFAULTS = new LogSettings(10L * 1024 * 1024, 5);
    /** The destination that keeps nothing: the instance writes to /dev/null, and no file exists to rotate. */
    public static final String DISCARD = "/dev/null";
    /**
     * The instance's index in its app, the same number as its {@code JPM_INSTANCE_ID}: stable over
     * its restarts and reloads, and reused when an app scales down and up again, so a file name
     * made with it keeps naming the same instance's file (jpm's global id would not: it grows).
     */
    public static final String INSTANCE_ID = "${INSTANCE_ID}";

    /** Rotation only, the output in jpm's own files. */
    public LogSettings(long maxSizeBytes, int retain) {
        this(maxSizeBytes, retain, null, null, null);
    }

    /** The user's destination for {@code stream}: null for jpm's own file. */
    public String destination(LogStream stream) {
        return stream == LogStream.OUT ? outFile : errFile;
    }

    /** True when {@code stream} is sent to {@value #DISCARD}. */
    public boolean discards(LogStream stream) {
        return DISCARD.equals(destination(stream));
    }

    /**
     * The file instance {@code index} (jpm id {@code id}) of {@code app} appends {@code stream}
     * to, or null when the stream is discarded.
     */
    public Path file(JpmHome home, String app, int id, int index, LogStream stream) {
        String destination = destination(stream);
        if (destination == null) {
            return home.logFile(app, id, stream);
        }
        if (DISCARD.equals(destination)) {
            return null;
        }
        return Path.of(withInstanceId(destination, index));
    }

    /** {@code text} with every {@value #INSTANCE_ID} replaced by {@code index}. */
    public static String withInstanceId(String text, int index) {
        return text.replace(INSTANCE_ID, Integer.toString(index));
    }
}
