package dev.jpm.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SlowStartTest {
    @Test
    void delayIsWholeSecondsWithOrWithoutTheUnit() {
        assertEquals(40_000, SlowStart.delayMillis(Map.of("DEMO_START_DELAY", "40s")));
        assertEquals(3_000, SlowStart.delayMillis(Map.of("DEMO_START_DELAY", " 3 ")));
        assertEquals(0, SlowStart.delayMillis(Map.of()));
    }

    @Test
    void aDelayThatIsNotANumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SlowStart.delayMillis(Map.of("DEMO_START_DELAY", "soon")));
    }

    @Test
    void aWorkingDelayPassesAndReturns() throws Exception {
        long start = System.nanoTime();
        SlowStart.await(Map.of("DEMO_START_DELAY", "1"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // at least the delay; the upper bound only catches a hang
        assertEquals(true, tookMs >= 1_000 && tookMs < 30_000, "took " + tookMs + " ms");
    }
}
