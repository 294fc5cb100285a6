package dev.jpm.daemon.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What {@code /proc/<pid>/status} says that attaching needs: the pid the process sees itself as
 * (the last number of {@code NSpid}, different inside a container's pid namespace), whether it
 * catches SIGQUIT (a JVM does unless started with {@code -Xrs}; to a process that does not,
 * SIGQUIT is death), and its state letter ({@code T} while stopped by SIGSTOP).
 */
record ProcStatus(long pid, long namespacePid, boolean catchesSigquit, char state) {
    /** SIGQUIT is signal 3: bit 2 of the SigCgt mask. */
    private static final long SIGQUIT_BIT = 1L << (3 - 1);

    static ProcStatus read(long pid) throws IOException {
        try {
            return parse(pid, Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("/proc/" + pid, null, "process " + pid + " is gone");
        }
    }

    static ProcStatus parse(long pid, String status) {
        long namespacePid = pid;
        boolean catchesQuit = false;
        char state = '?';
        for (String line : status.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "NSpid" -> {
                    String[] pids = value.split("\\s+");
                    namespacePid = Long.parseLong(pids[pids.length - 1]);
                }
                case "SigCgt" -> catchesQuit = (Long.parseUnsignedLong(value, 16) & SIGQUIT_BIT) != 0;
                case "State" -> state = value.isEmpty() ? '?' : value.charAt(0);
                default -> {
                    // the other fields say nothing attaching needs
                }
            }
        }
        return new ProcStatus(pid, namespacePid, catchesQuit, state);
    }

    boolean inOtherPidNamespace() {
        return namespacePid != pid;
    }

    boolean stopped() {
        return state == 'T' || state == 't';
    }
}
