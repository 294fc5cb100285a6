package dev.jpm.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The memory a JVM started here sees, as HotSpot works it out: the machine's, or the container's
 * limit when lower (cgroup v2 {@code memory.max}, v1 {@code memory.limit_in_bytes}). The CLI runs
 * beside the daemon, in the same cgroup unless a service manager split them, so what it reads for
 * itself is what the instances will see.
 */
final class MachineMemory {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private MachineMemory() {
    }

    static long bytes() {
        long machine = memTotal(read(Path.of("/proc/meminfo"))).orElse(Long.MAX_VALUE);
        OptionalLong v2 = limit(read(CGROUP.resolve("memory.max")));
        OptionalLong v1 = limit(read(CGROUP.resolve("memory/memory.limit_in_bytes")));
        return Math.min(machine, Math.min(v2.orElse(Long.MAX_VALUE), v1.orElse(Long.MAX_VALUE)));
    }

    static OptionalLong memTotal(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                try {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** A cgroup limit; "max" and v1's "no limit" (a number near 2^63) are none. */
    static OptionalLong limit(String text) {
        String value = text.strip();
        if (value.isEmpty() || value.equals("max")) {
            return OptionalLong.empty();
        }
        try {
            long bytes = Long.parseLong(value);
            return bytes >= Long.MAX_VALUE / 2 ? OptionalLong.empty() : OptionalLong.of(bytes);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
