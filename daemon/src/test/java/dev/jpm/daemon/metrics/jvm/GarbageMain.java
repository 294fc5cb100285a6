package dev.jpm.daemon.metrics.jvm;

import java.io.IOException;

/**
 * A child JVM for the perf-data tests: makes garbage and collects it so the GC counters are not
 * zero, says "ready", then idles until its stdin closes.
 */
public final class GarbageMain {
    private GarbageMain() {
    }

    public static void main(String[] args) throws IOException {
        long kept = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] chunk = new byte[64 * 1024];
            chunk[i % chunk.length] = (byte) i;
            kept += chunk[i % chunk.length];
        }
        System.gc();
        System.gc();
        System.out.println("ready " + kept);
        System.out.flush();
        while (System.in.read() >= 0) {
            // idle until the test closes our stdin
        }
    }
}
