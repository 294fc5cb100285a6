package dev.jpm.daemon.metrics;

/** One sample of a process tree: CPU as percent of one core (as top shows it) and resident memory. */
public record ProcessMetrics(double cpuPercent, long rssBytes) {
}
