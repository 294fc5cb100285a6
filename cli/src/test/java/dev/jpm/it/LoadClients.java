package dev.jpm.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the load generators the HTTP cluster tests drive: wrk on the PATH, and the seeds' client,
 * the npm package loadtest, in bench/.tools as bench/cluster.sh installs it (installed there on
 * first use when npm is present). A missing tool fails the test with what to install: a test
 * that skipped when its tool is absent would pass on a machine that checked nothing.
 */
final class LoadClients {
    /** Where bench/lib.sh puts the Node tools; the ITs run in cli/. */
    static final Path NODE_TOOLS = Path.of("..", "bench", ".tools").toAbsolutePath().normalize();
    private static final long NPM_INSTALL_TIMEOUT_S = 300;

    private LoadClients() {
    }

    static Path wrk() {
        return onPath("wrk").orElseThrow(() -> new AssertionError(
                "wrk is not installed; this test needs it (apt-get install wrk; .ci/run installs it)"));
    }

    static synchronized Path loadtest() throws IOException, InterruptedException {
        Path bin = NODE_TOOLS.resolve("node_modules/.bin/loadtest");
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Path npm = onPath("npm").orElseThrow(() -> new AssertionError(
                "loadtest is not in " + NODE_TOOLS + " and npm is not installed to fetch it (apt-get install nodejs npm)"));
        Files.createDirectories(NODE_TOOLS);
        Path log = NODE_TOOLS.resolve("npm-install.log");
        Process p = new ProcessBuilder(List.of(npm.toString(), "install", "--prefix", NODE_TOOLS.toString(),
                "--no-audit", "--no-fund", "loadtest"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(NPM_INSTALL_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("npm install loadtest took over " + NPM_INSTALL_TIMEOUT_S + " s");
        }
        if (p.exitValue() != 0 || !Files.isExecutable(bin)) {
            throw new AssertionError("npm install loadtest failed: " + Files.readString(log));
        }
        return bin;
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
