package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoppedProcessesTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killEverything() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The first two SIGCONTs cannot be sent (the kill command does not start, as under EMFILE): the app is let go all the same. */
    @Test
    void sigcontIsSentAgainUntilItCanBe() throws Exception {
        Process app = start("sleep", "60");
        AtomicInteger contFailures = new AtomicInteger();
        StoppedProcesses.Spawner failingTwice = command -> {
            if (command.contains("-CONT") && contFailures.incrementAndGet() <= 2) {
                throw new IOException("error=24, Too many open files");
            }
            return StoppedProcesses.Spawner.PROCESS_BUILDER.start(command);
        };

        new StoppedProcesses(app.pid(), failingTwice).whileQuiet(() -> assertEquals('T', state(app.pid())));

        assertEquals(3, contFailures.get());
        assertTrue(awaitRunning(app.pid()), "state " + state(app.pid()));
    }

    /** A daemon that died mid-rotation left an instance stopped with its children: the next one lets all of them go. */
    @Test
    void resumeLetsGoOfTheDescendantsToo() throws Exception {
        Process app = start("sh", "-c", "sleep 60 & wait");
        long child = awaitChild(app);
        start("kill", "-STOP", Long.toString(app.pid()), Long.toString(child)).waitFor(10, TimeUnit.SECONDS);
        assertTrue(awaitStopped(child), "child state " + state(child));

        StoppedProcesses.resume(List.of(app.pid()));

        assertTrue(awaitRunning(child), "child state " + state(child));
        assertTrue(awaitRunning(app.pid()), "root state " + state(app.pid()));
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    private static long awaitChild(Process app) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            var child = app.children().findFirst();
            if (child.isPresent()) {
                return child.get().pid();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("sh started no child");
    }

    /** Sleeping or running rather than stopped (T); a generous deadline only to detect a hang. */
    private static boolean awaitRunning(long pid) throws Exception {
        return await(pid, false);
    }

    private static boolean awaitStopped(long pid) throws Exception {
        return await(pid, true);
    }

    private static boolean await(long pid, boolean stopped) throws Exception {
        for (int i = 0; i < 500; i++) {
            if ((state(pid) == 'T') == stopped) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
