package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jpm logs} and {@code jpm flush} run as real processes against a real daemon and the demo app. */
class LogsIT {
    @TempDir
    Path home;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        jpm("kill");
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        Path pidFile = home.resolve("daemon.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void nostreamPrintsTailsAndFollowSeesARestartAndAFlush() throws Exception {
        assertEquals(0, jpm("start", System.getProperty("demo.jar"), "--name", "demo", "--", "--port", "0").exitValue());
        awaitLine(home.resolve("logs/demo-0-out.log"), "listening on port");

        Process once = jpm("logs", "--nostream", "--lines", "5");
        String printed = new String(once.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, once.exitValue());
        assertTrue(printed.startsWith("0|demo|demo-app listening on port"), printed);

        Path followed = home.resolve("followed.txt");
        Process follow = spawn(followed, "logs", "--json", "--lines", "0");
        Thread.sleep(1_000);
        jpm("restart", "demo");
        awaitLine(followed, "\"line\":\"demo-app listening on port");
        jpm("flush", "demo");
        jpm("restart", "demo");
        awaitCount(followed, "listening on port", 2);
        assertEquals(0, Files.size(home.resolve("logs/demo-0-err.log")));
        follow.destroy();
    }

    private Process jpm(String... args) throws Exception {
        Process p = spawn(null, args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jpm " + String.join(" ", args) + " did not finish");
        }
        return p;
    }

    private Process spawn(Path output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("jpm.jar"), "dev.jpm.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JPM_HOME", home.toString());
        builder.environment().put("NO_COLOR", "1");
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        Process p = builder.start();
        started.add(p);
        return p;
    }

    private static void awaitLine(Path file, String text) throws Exception {
        awaitCount(file, text, 1);
    }

    private static void awaitCount(Path file, String text, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file) && Files.readString(file).split(java.util.regex.Pattern.quote(text), -1).length - 1 >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(file + " never had " + count + " x '" + text + "': "
                + (Files.exists(file) ? Files.readString(file) : "(missing)"));
    }
}
