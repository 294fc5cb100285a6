package dev.jpm.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuWorkTest {

    @Test
    void sameInputGivesSameResult() {
        assertEquals(CpuWork.run(42, 100_000), CpuWork.run(42, 100_000));
    }

    @Test
    void differentSeedsGiveDifferentResults() {
        assertNotEquals(CpuWork.run(1, 10_000), CpuWork.run(2, 10_000));
    }

    @Test
    void everyStepChangesTheResult() {
        // If the loop could be skipped or shortened, neighbouring counts would collide.
        Set<Long> seen = new HashSet<>();
        for (long n = 0; n <= 1_000; n++) {
            seen.add(CpuWork.run(7, n));
        }
        assertEquals(1_001, seen.size());
    }

    @Test
    void zeroIterationsReturnsTheSeed() {
        assertEquals(123L, CpuWork.run(123, 0));
    }

    @Test
    void negativeIterationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CpuWork.run(1, -1));
    }

    @Test
    void forMillisScalesTheCalibratedRate() {
        assertEquals(CpuWork.run(9, 3 * CpuWork.ITERATIONS_PER_MS), CpuWork.forMillis(9, 3));
    }
}
