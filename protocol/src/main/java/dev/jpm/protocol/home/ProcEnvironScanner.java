package dev.jpm.protocol.home;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the processes of a home on Linux, for the daemon (behind its ProcessScanner) and for a
 * {@code jpm kill} that finds no daemon: reads {@code /proc/<pid>/environ} of every process of this user
 * and keeps those whose {@code JPM_MANAGED_HOME} is this home. The kernel lets a user read the
 * environment of its own processes only, so others' are skipped without a look. A process that
 * ends during the scan is simply not found. {@code environ} is the environment the process was
 * started with, so an instance that changes its own variables is still found.
 */
public final class ProcEnvironScanner {
    private static final Path PROC = Path.of("/proc");
    /** Lines in /proc/<pid>/status such as "Uid:	1000	1000	1000	1000"; the real uid is the first. */
    private static final String UID_LINE = "Uid:";

    private final String home;
    private final long self = ProcessHandle.current().pid();
    private final String myUid;

    public ProcEnvironScanner(Path home) {
        this.home = home.toAbsolutePath().normalize().toString();
        this.myUid = uidOf(PROC.resolve("self"));
    }

    /** The marker value an instance of {@code home} carries. */
    public static String markerOf(Path home) {
        return home.toAbsolutePath().normalize().toString();
    }

    public List<MarkedProcess> scan() {
        List<MarkedProcess> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : entries) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid != self && myUid != null && myUid.equals(uidOf(dir))) {
                    read(pid, dir).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return found;
    }

    private Optional<MarkedProcess> read(long pid, Path dir) {
        Map<String, String> env = environ(dir);
        if (!home.equals(env.get(ProcessMarker.HOME_VARIABLE))) {
            return Optional.empty();
        }
        Integer id = number(env.get(ProcessMarker.ID_VARIABLE));
        String app = env.get(ProcessMarker.APP_VARIABLE);
        if (id == null || app == null) {
            return Optional.empty();
        }
        Integer index = number(env.get(ProcessMarker.INDEX_VARIABLE));
        return ProcessHandle.of(pid).map(p -> new MarkedProcess(pid, p.parent().map(ProcessHandle::pid).orElse(0L), app, id,
                index == null ? -1 : index, p.info().startInstant().map(Instant::toEpochMilli).orElse(0L)));
    }

    /** The variables of a process; empty when it is gone or not ours to read. */
    private static Map<String, String> environ(Path dir) {
        Map<String, String> env = new HashMap<>();
        try {
            // NUL-separated NAME=value entries
            for (String entry : new String(Files.readAllBytes(dir.resolve("environ")), StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // gone since the listing, or another user's: not one of ours
        }
        return env;
    }

    private static String uidOf(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith(UID_LINE)) {
                    return line.substring(UID_LINE.length()).trim().split("\\s+")[0];
                }
            }
        } catch (IOException e) {
            // gone since the listing
        }
        return null;
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static Integer number(String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
