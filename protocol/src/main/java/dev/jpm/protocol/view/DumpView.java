package dev.jpm.protocol.view;

/**
 * One file in an app's dumps folder, as {@code describe} lists it and the dump commands answer.
 *
 * @param kind {@code threaddump}, {@code heapdump} (the JVM's own OOM dumps too) or {@code jfr}
 */
public record DumpView(String file, String kind, long bytes, long modifiedMillis) {
}
