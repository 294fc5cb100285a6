package dev.jpm.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplacementWaitTest {
    private static final long LISTEN_TIMEOUT = 30_000;
    private final FakeClock clock = new FakeClock(1_000_000);
    private final ReplacementWait wait = new ReplacementWait(LISTEN_TIMEOUT, clock);

    /** One sample a second for {@code seconds}, the CPU and classes growing by the given steps. */
    private long[] run(int seconds, long cpu, long classes, long cpuStep, long classStep) {
        for (int n = 0; n < seconds; n++) {
            clock.advance(1_000);
            cpu += cpuStep;
            classes += classStep;
            wait.sample(cpu, classes);
            if (wait.giveUp().isPresent()) {
                return new long[] {n + 1, cpu, classes};
            }
        }
        return new long[] {-1, cpu, classes};
    }

    @Test
    void waitsOutListenTimeoutEvenWithoutProgress() {
        long[] end = run(40, 0, 100, 0, 0);
        // 30 s of listen_timeout, and then at once: it never made any progress
        assertEquals(30, end[0]);
        assertTrue(wait.giveUp().orElseThrow().endsWith("at all"), wait.giveUp().orElseThrow());
        assertTrue(wait.giveUp().orElseThrow().contains("no progress"), wait.giveUp().orElseThrow());
    }

    @Test
    void aReplacementThatLoadsClassesIsWaitedForPastListenTimeout() {
        long[] end = run(100, 0, 100, 0, 300);
        assertEquals(-1, end[0], "still waiting at 100 s while it loads classes");
    }

    @Test
    void aReplacementThatOnlyBurnsCpuCountsAsProgressToo() {
        // -1 classes: a JVM without hsperfdata; 200 ms of CPU a second is a fifth of a core
        long[] end = run(100, 0, -1, 200, 0);
        assertEquals(-1, end[0]);
    }

    @Test
    void idleCpuIsNoProgress() {
        // 10 ms a second: a sleeping JVM's background threads
        long[] end = run(60, 0, 100, 10, 0);
        assertEquals(30, end[0]);
    }

    @Test
    void aStallAfterListenTimeoutEndsTheWaitFifteenSecondsAfterTheLastProgress() {
        long[] busy = run(50, 0, 100, 0, 300);
        assertEquals(-1, busy[0]);
        long[] end = run(60, busy[1], busy[2], 0, 0);
        assertEquals(ReplacementWait.STALL_MS / 1000, end[0]);
    }

    @Test
    void aShortListenTimeoutWithNoProgressAtAllEndsOnTime() {
        FakeClock fast = new FakeClock(0);
        ReplacementWait quick = new ReplacementWait(300, fast);
        fast.advance(100);
        quick.sample(0, -1);
        assertTrue(quick.giveUp().isEmpty());
        fast.advance(200);
        quick.sample(0, -1);
        assertTrue(quick.giveUp().isPresent(), "a process that shows nothing is not waited for past listen_timeout");
    }

    @Test
    void progressEarlyInTheStartStillCountsForTheStallWindow() {
        FakeClock fast = new FakeClock(0);
        ReplacementWait quick = new ReplacementWait(3_000, fast);
        quick.sample(0, 500);
        fast.advance(1_000);
        quick.sample(400, 900);
        fast.advance(2_000);
        assertTrue(quick.giveUp().isEmpty(), "progress 2 s ago: still waiting at listen_timeout");
        fast.advance(ReplacementWait.STALL_MS - 2_000);
        assertTrue(quick.giveUp().isPresent());
    }

    @Test
    void theHardCapEndsEvenABusyWait() {
        long[] end = run(400, 0, 100, 500, 300);
        assertEquals(ReplacementWait.HARD_CAP_MS / 1000, end[0]);
        assertTrue(wait.giveUp().orElseThrow().contains("the most a reload waits"));
    }

    @Test
    void aListenTimeoutLongerThanTheCapIsHonoured() {
        FakeClock slow = new FakeClock(0);
        ReplacementWait patient = new ReplacementWait(400_000, slow);
        slow.advance(399_000);
        assertTrue(patient.giveUp().isEmpty());
        slow.advance(1_000);
        assertTrue(patient.giveUp().isPresent());
    }
}
