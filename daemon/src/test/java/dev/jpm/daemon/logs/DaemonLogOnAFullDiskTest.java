package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * daemon.log on a full disk: the daemon's Log drops the lines it cannot write and counts them,
 * instead of throwing (or hiding the failure, as System.out would), and says how many once a line
 * gets through again. Run in a child JVM, because Log writes to file descriptor 1.
 */
class DaemonLogOnAFullDiskTest {
    @Test
    void linesThatCannotBeWrittenAreDroppedCountedAndReported() throws Exception {
        Assumptions.assumeTrue(Tmpfs.possible(), "mounting a tmpfs needs root");
        try (Tmpfs disk = Tmpfs.mount(1024 * 1024)) {
            Path daemonLog = Files.createFile(disk.path().resolve("daemon.log"));
            Path filler = disk.path().resolve("filler");
            fill(filler);
            Process child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                    FullDiskLogWriter.class.getName(), filler.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(daemonLog.toFile()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child finished");
                assertEquals(0, child.exitValue(), "no write failure escaped Log");
            } finally {
                child.destroyForcibly();
                child.onExit().get(10, TimeUnit.SECONDS);
            }

            String written = Files.readString(daemonLog);
            assertFalse(written.contains("first") || written.contains("second"), written);
            assertTrue(written.contains("WARN  2 lines of this log were dropped"), written);
            assertTrue(written.contains("INFO  third, with space again"), written);
        }
    }

    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
