package dev.jpm.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The version of a java binary, read from its JDK's {@code release} file rather than by running
 * {@code java -version}, which would start a JVM just to describe one.
 */
final class JavaVersions {
    private JavaVersions() {
    }

    static Optional<String> of(String javaBinary) {
        try {
            Path real = Path.of(javaBinary).toRealPath();
            Path release = real.getParent().getParent().resolve("release");
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return Optional.of(line.substring("JAVA_VERSION=".length()).replace("\"", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file (a custom runtime): the path alone is shown
        }
        return Optional.empty();
    }
}
