package dev.jpm.daemon.jvm;

import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The signals {@code jpm signal} may send, by name, and the sending. Java can send only TERM and
 * KILL ({@code ProcessHandle.destroy}), so {@code kill(1)} sends them, as for rotation's SIGSTOP.
 * Names only, no numbers: a number means different signals on different systems, a name does not.
 * SIGUSR2 is left out on purpose: HotSpot on Linux uses it to suspend and resume its own threads,
 * and one sent from outside aborts the JVM (seen here: "killed by SIGABRT").
 */
public final class Signals {
    /** Linux numbers, for the message; the names are what POSIX and {@code kill -l} spell. */
    private static final Map<String, Integer> KNOWN = new TreeMap<>(Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21),
            Map.entry("TTOU", 22), Map.entry("WINCH", 28)));
    /** kill(1) returns at once; only a machine out of processes makes it slow. */
    private static final long KILL_COMMAND_MS = 5_000;

    private Signals() {
    }

    /** {@code usr1}, {@code SIGUSR1} and {@code USR1} are one signal; anything else is a BAD_REQUEST naming the valid ones. */
    public static String canonical(String name) {
        String upper = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        if (bare.equals("USR2")) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "SIGUSR2 is HotSpot's own signal (it suspends and resumes the JVM's"
                    + " threads); one sent from outside aborts the JVM, so jpm does not send it");
        }
        if (!KNOWN.containsKey(bare)) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "unknown signal '" + name + "'; jpm sends "
                    + String.join(", ", KNOWN.keySet().stream().map(n -> "SIG" + n).toList()));
        }
        return bare;
    }

    /** Sends {@code name} (canonical) to {@code pid}; an IOException says why it could not. */
    static void send(String name, long pid) throws IOException {
        Process kill = new ProcessBuilder(List.of("kill", "-s", name, Long.toString(pid)))
                .redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(KILL_COMMAND_MS, TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
                throw new IOException("kill -s " + name + " " + pid + " did not finish within " + KILL_COMMAND_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending SIG" + name + " to " + pid);
        }
        if (kill.exitValue() != 0) {
            String said = new String(kill.getInputStream().readAllBytes()).trim();
            throw new IOException("kill -s " + name + " " + pid + " failed: " + said);
        }
    }
}
