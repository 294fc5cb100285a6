package dev.jpm.cli.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A program run to its end with a generous deadline (to catch a hang, not to time it), output and error together. */
record ProcessRun(int exit, String output) {
    static ProcessRun of(List<String> command, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        // into a file, not a pipe: a hung program then cannot block the test on a read past the deadline
        Path output = Files.createTempFile("jpm-run-", ".out");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new ProcessRun(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            process.onExit().join();
            Files.deleteIfExists(output);
        }
    }
}
