package dev.jpm.daemon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** What the daemon's Log wrote while some work ran, for tests that assert on log lines. */
public final class LogCapture {
    private LogCapture() {
    }

    public static String during(ThrowingRunnable work) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Log.captureInto(bytes);
        try {
            work.run();
        } finally {
            Log.toFileDescriptor1();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
