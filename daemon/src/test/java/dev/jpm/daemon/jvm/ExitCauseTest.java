package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each cause told from what a run left: output lines as JDK 17 prints them, the head of a real
 * hs_err file (jvm/hs_err_segv.log: a JDK 17 SIGSEGV from Unsafe.putAddress(0, 0)), the cgroup's
 * oom_kill rise; and what is not enough to say anything.
 */
class ExitCauseTest {
    private static final List<String> NO_LINES = List.of();

    private static Optional<String> cause(Integer code, List<String> output, Path hsErr, String problem, Long oomKills, Path dump) {
        return ExitCause.of(new ExitCause.Traces(code, output, hsErr, problem, oomKills, dump));
    }

    @Test
    void exitOnOutOfMemoryErrorsLastWords() {
        List<String> err = List.of("Exception in thread \"worker\" something else", "Terminating due to java.lang.OutOfMemoryError: Java heap space");
        assertEquals(Optional.of("OutOfMemoryError: Java heap space"), cause(3, err, null, null, null, null));
        assertEquals(Optional.of("OutOfMemoryError: Metaspace; heap dump /h/dumps/api/java_pid42.hprof"),
                cause(3, List.of("Terminating due to java.lang.OutOfMemoryError: Metaspace"), null, null, 0L,
                        Path.of("/h/dumps/api/java_pid42.hprof")));
    }

    @Test
    void crashOnOutOfMemoryErrorNamesTheErrorAndItsReport() {
        assertEquals(Optional.of("OutOfMemoryError: Java heap space; crash report /h/logs/api-0-hs_err-42.log"),
                cause(134, List.of("Aborting due to java.lang.OutOfMemoryError: Java heap space", "#", "# A fatal error has been detected"),
                        Path.of("/h/logs/api-0-hs_err-42.log"), "Internal Error (debug.cpp:362), pid=42, tid=43", null, null));
    }

    @Test
    void aCrashReportGivesItsProblemLine() throws Exception {
        List<String> head = Files.readAllLines(Path.of(getClass().getResource("/jvm/hs_err_segv.log").toURI()));
        String problem = ExitCause.hsErrProblem(head).orElseThrow();
        assertEquals("SIGSEGV (0xb) at pc=0x00007f9c282d2f94, pid=8849, tid=8850", problem);
        assertEquals(Optional.of("JVM crash: " + problem + "; crash report /h/logs/api-0-hs_err-8849.log"),
                cause(134, NO_LINES, Path.of("/h/logs/api-0-hs_err-8849.log"), problem, null, null));
        assertEquals(Optional.empty(), ExitCause.hsErrProblem(List.of("not", "an hs_err file")));
    }

    @Test
    void aSigkillIsTheOomKillersOnlyWhenTheCgroupCountedAKill() {
        assertEquals(Optional.of("most likely the kernel's OOM killer: its cgroup's oom_kill count rose by 1 while it ran"),
                cause(137, NO_LINES, null, null, 1L, null));
        assertEquals(Optional.empty(), cause(137, NO_LINES, null, null, 0L, null), "a kill -9 by someone");
        assertEquals(Optional.empty(), cause(137, NO_LINES, null, null, null, null), "no counter to read");
        assertEquals(Optional.empty(), cause(1, NO_LINES, null, null, 1L, null), "another process of the cgroup was killed");
    }

    @Test
    void anOrdinaryExitHasNoCause() {
        assertEquals(Optional.empty(), cause(0, List.of("bye"), null, null, 0L, null));
        assertEquals(Optional.empty(), cause(null, NO_LINES, null, null, null, null));
        // an app that logs an OutOfMemoryError it caught did not end for it
        assertEquals(Optional.empty(), cause(1, List.of("java.lang.OutOfMemoryError: Java heap space", "\tat App.main"), null, null, null, null));
    }
}
