package dev.jpm.daemon.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel's count of processes its OOM killer ended in a process's memory cgroup: the
 * {@code oom_kill} line of {@code memory.events} (cgroup v2) or {@code memory.oom_control}
 * (cgroup v1, Linux 4.13+). Read when an instance starts and when it exits, a rise while it ran
 * and an exit by SIGKILL say the OOM killer did it; the kernel log would say it too, but reading
 * it needs privileges (dmesg_restrict) a daemon should not have.
 */
public final class OomKills {
    static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private OomKills() {
    }

    /** The counter file of {@code pid}'s memory cgroup, if this kernel keeps one jpm can read. */
    public static Optional<Path> counterFile(long pid) {
        try {
            String membership = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
            return candidates(membership, CGROUP_ROOT).stream().filter(Files::isReadable).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The files that may hold the counter, from {@code /proc/<pid>/cgroup}: the v1 memory
     * controller's first (a hybrid host mounts v2 with no memory controller), then v2's, at the
     * root (pure v2) or under {@code unified/} (hybrid).
     */
    static List<Path> candidates(String procCgroup, Path root) {
        List<Path> files = new ArrayList<>();
        String v2 = null;
        for (String line : procCgroup.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            String relative = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
            if (List.of(parts[1].split(",")).contains("memory")) {
                files.add(root.resolve("memory").resolve(relative).resolve("memory.oom_control"));
            } else if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2 = relative;
            }
        }
        if (v2 != null) {
            files.add(root.resolve(v2).resolve("memory.events"));
            files.add(root.resolve("unified").resolve(v2).resolve("memory.events"));
        }
        return files;
    }

    /** The counter now, or empty when the file is gone or has no {@code oom_kill} line (a kernel before 4.13). */
    public static OptionalLong read(Path counterFile) {
        try {
            return parse(Files.readString(counterFile));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parse(String content) {
        for (String line : content.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals("oom_kill")) {
                try {
                    return OptionalLong.of(Long.parseLong(parts[1]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
