package dev.jpm.daemon.supervisor;

import java.nio.file.Path;

/**
 * How a started instance's first run went: confirmed up (online in cluster mode, or alive for
 * min_uptime without a port), or not, with what happened in words and its log files to show the
 * end of.
 */
public record StartOutcome(int id, String label, boolean up, String failure, Path errLog, Path outLog) {
}
