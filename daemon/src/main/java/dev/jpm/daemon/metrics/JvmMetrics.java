package dev.jpm.daemon.metrics;

/**
 * What a JVM publishes about itself: heap in use, committed and its ceiling (bytes), collections
 * and the time spent in them since it started, and its live threads.
 */
public record JvmMetrics(long heapUsed, long heapCommitted, long heapMax, long gcCount, long gcTimeMs, long threads) {
}
