package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What must hold on disk for an app's process to start: checked when the app is started (a clear
 * refusal) and again before every launch (a folder removed since then is a failed launch with
 * that reason, not the JDK's "error=2").
 */
final class LaunchChecks {
    private LaunchChecks() {
    }

    static Optional<String> problem(AppSpec spec) {
        if (spec.jar() == null || !Files.isRegularFile(Path.of(spec.jar()))) {
            return Optional.of("jar not found: " + spec.jar());
        }
        // Files.isExecutable alone holds for a folder too (its x bit means "may enter")
        if (spec.java() == null || !Files.isRegularFile(Path.of(spec.java())) || !Files.isExecutable(Path.of(spec.java()))) {
            return Optional.of("java is not an executable file: " + spec.java());
        }
        if (spec.cwd() == null || !Files.isDirectory(Path.of(spec.cwd()))) {
            return Optional.of("working folder not found: " + spec.cwd());
        }
        return Optional.empty();
    }
}
