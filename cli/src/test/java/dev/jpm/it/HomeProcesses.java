package dev.jpm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The processes of one test's home, found in /proc whatever jpm says: by their command line (the
 * fixture jars live in the home, so this works with any jpm, marked or not) or by the marker
 * (JPM_MANAGED_HOME) every instance carries. Also stops them all, for clean-up: a process jpm lost
 * is one the harness never saw.
 */
final class HomeProcesses {
    private HomeProcesses() {
    }

    /** Pids whose command line names a file in {@code home}, excluding the jpm CLI and daemon (run from jpm.jar). */
    static Set<Long> runningFrom(Path home) {
        String marker = home.toAbsolutePath().normalize() + "/";
        return matching(dir -> {
            String cmdline = read(dir.resolve("cmdline")).replace('\0', ' ');
            return cmdline.contains(marker) && !cmdline.contains("dev.jpm.cli.Main") && !cmdline.contains("DaemonMain");
        });
    }

    /** Pids that carry {@code JPM_MANAGED_HOME=<home>}, children of instances included. */
    static Set<Long> marked(Path home) {
        String entry = "JPM_MANAGED_HOME=" + home.toAbsolutePath().normalize();
        return matching(dir -> Set.of(read(dir.resolve("environ")).split("\0")).contains(entry));
    }

    /** Kills every process of the home, however it was found; for clean-up. */
    static void killAll(Path home) {
        Set<Long> all = new HashSet<>(runningFrom(home));
        all.addAll(marked(home));
        for (long pid : all) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        }
    }

    private static Set<Long> matching(Predicate<Path> test) {
        Set<Long> pids = new HashSet<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(d -> Long.parseLong(d.getFileName().toString()) != ProcessHandle.current().pid())
                    .filter(test)
                    .forEach(d -> pids.add(Long.parseLong(d.getFileName().toString())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return pids;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
