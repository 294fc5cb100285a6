package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SameProcessTest {
    private static final ProcessHandle SELF = ProcessHandle.current();
    private static final long STARTED = SELF.info().startInstant().orElseThrow().toEpochMilli();

    @Test
    void aPidWithItsOwnStartTimeIsTheSameProcess() {
        assertTrue(SameProcess.is(SELF, STARTED));
    }

    @Test
    void aPidWhoseProcessStartedLaterIsAStranger() {
        // as after the recorded process exited and the kernel gave its pid to a newer one
        assertFalse(SameProcess.is(SELF, STARTED - 1_000));
    }

    @Test
    void anExitedProcessIsNotTheSame() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        long started = gone.toHandle().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
        gone.waitFor();
        assertFalse(SameProcess.is(gone.toHandle(), started));
    }
}
