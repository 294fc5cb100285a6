package dev.jpm.protocol.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The version of a java binary, read from its JDK's {@code release} file: starting the JVM to ask
 * ({@code java -version}) would cost every launch some 50 ms of CPU.
 */
public final class JavaRelease {
    private static final String KEY = "JAVA_VERSION=";

    private JavaRelease() {
    }

    /** The version as the release file writes it, e.g. {@code 17.0.9} or {@code 25}; empty for a runtime without one. */
    public static Optional<String> version(String javaBinary) {
        try {
            Path release = Path.of(javaBinary).toRealPath().getParent().getParent().resolve("release");
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith(KEY)) {
                    return Optional.of(line.substring(KEY.length()).replace("\"", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file (a jlink image without it, a wrapper script): unknown
        }
        return Optional.empty();
    }

    /** The feature release: 17 for {@code 17.0.9}, 25 for {@code 25-ea}, 8 for {@code 1.8.0_392}; 0 when unreadable. */
    public static int feature(String version) {
        String[] parts = version.split("[^0-9]+");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return 0;
        }
    }
}
