package dev.jpm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One load generator process running in the background while a test reloads, scales or kills,
 * its output going to a file. {@link #finish} waits for it within a deadline and returns what
 * it printed; {@link #close} kills it if the test ended first, so no load outlives its test.
 */
final class BoundedRun implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Path output;

    BoundedRun(Path dir, List<String> command) throws IOException {
        this.command = command;
        this.output = Files.createTempFile(dir, "load", ".txt");
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    String finish(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            close();
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutSeconds + " s:\n" + printed());
        }
        return printed();
    }

    /** SIGINT, on which wrk stops and prints its summary as at the end of its duration. */
    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    boolean alive() {
        return process.isAlive();
    }

    private String printed() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        process.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
