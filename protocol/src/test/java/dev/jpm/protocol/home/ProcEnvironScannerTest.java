package dev.jpm.protocol.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real scanner against real processes: one marked for this home, one for another. */
class ProcEnvironScannerTest {
    @TempDir
    Path home;
    @TempDir
    Path otherHome;

    private Process sleeper(Path markedHome, String app, int id) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "60");
        pb.environment().put(ProcessMarker.HOME_VARIABLE, ProcEnvironScanner.markerOf(markedHome));
        pb.environment().put(ProcessMarker.APP_VARIABLE, app);
        pb.environment().put(ProcessMarker.ID_VARIABLE, Integer.toString(id));
        pb.environment().put(ProcessMarker.INDEX_VARIABLE, "2");
        return pb.start();
    }

    @Test
    void findsTheProcessesMarkedForItsHomeOnly() throws Exception {
        Process ours = sleeper(home, "api", 7);
        Process theirs = sleeper(otherHome, "api", 7);
        try {
            List<MarkedProcess> found = new ProcEnvironScanner(home).scan();

            assertEquals(1, found.size(), found.toString());
            MarkedProcess p = found.get(0);
            assertEquals(ours.pid(), p.pid());
            assertEquals(ProcessHandle.current().pid(), p.parentPid());
            assertEquals("api", p.app());
            assertEquals(7, p.id());
            assertEquals(2, p.index());
            assertTrue(p.startMillis() > 0);
        } finally {
            for (Process p : List.of(ours, theirs)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aHomeGivenByAnotherSpellingOfItsPathIsTheSameHome() {
        assertEquals(ProcEnvironScanner.markerOf(home), ProcEnvironScanner.markerOf(home.resolve("x/..")));
    }
}
