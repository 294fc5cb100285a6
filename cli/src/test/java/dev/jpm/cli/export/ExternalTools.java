package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs some checks run (node, npm, systemd-analyze). On CI (where {@code CI} is set and
 * .ci/run installs them) a missing one fails the test; on a developer's machine it skips with a
 * message that says what to install, so a check is never passed without being made.
 */
final class ExternalTools {
    private ExternalTools() {
    }

    static void require(String program, String installHint) {
        if (onPath(program)) {
            return;
        }
        String message = program + " is not on PATH, so this check cannot run; " + installHint;
        if (System.getenv("CI") != null) {
            fail(message + " (CI is set: .ci/run should have installed it)");
        }
        Assumptions.abort(message);
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
