package dev.jpm.cli.commands;

import java.util.Map;

/**
 * How an exit reads to a person. Java reports a process killed by signal N as exit status
 * 128 + N, so 137 is SIGKILL (the OOM killer, a kill -9) and 143 SIGTERM (a stop).
 */
final class ExitDescriptions {
    private static final Map<Integer, String> SIGNALS = Map.of(
            1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private ExitDescriptions() {
    }

    static String of(Integer exitCode) {
        if (exitCode == null) {
            return "exited (status unknown: the process was adopted from an earlier daemon)";
        }
        if (exitCode > 128 && exitCode < 160) {
            int signal = exitCode - 128;
            return "killed by " + SIGNALS.getOrDefault(signal, "signal " + signal) + " (status " + exitCode + ")";
        }
        return "exit code " + exitCode;
    }
}
