package dev.jpm.cli.commands;

import dev.jpm.cli.render.Formats;
import dev.jpm.protocol.view.InstanceDescription;
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

    /** One line of describe's recent exits: how the run ended, after how long, and why when jpm ended it. */
    static String of(InstanceDescription.ExitView exit) {
        if (exit.failure() != null) {
            return "launch failed: " + exit.failure();
        }
        // the old process of a cluster handover ends outside the instance's watch, so its status is not known here
        String how = exit.endedBy() != null && exit.exitCode() == null ? "replaced" : of(exit.exitCode());
        return how + " after " + Formats.duration(exit.uptimeMs()) + (exit.endedBy() == null ? "" : " (" + exit.endedBy() + ")")
                + (exit.cause() == null ? "" : ": " + exit.cause());
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
