package dev.jpm.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryLimitTest {

    private static final long LIMIT = 300L << 20;

    private static List<Boolean> feed(MemoryLimit limit, long... samples) {
        List<Boolean> answers = new ArrayList<>();
        for (long rss : samples) {
            answers.add(limit.sample(rss));
        }
        return answers;
    }

    @Test
    void restartsAfterThreeSamplesInARowOverTheLimit() {
        MemoryLimit limit = new MemoryLimit(LIMIT);

        assertEquals(3, MemoryLimit.SAMPLES_OVER);
        assertEquals(List.of(false, false, true), feed(limit, LIMIT + 1, LIMIT + 1, LIMIT + 1));
    }

    @Test
    void aSampleAtOrUnderTheLimitStartsTheCountAgain() {
        MemoryLimit limit = new MemoryLimit(LIMIT);

        assertEquals(List.of(false, false, false, false, false, true),
                feed(limit, LIMIT + 1, LIMIT + 1, LIMIT, LIMIT + 1, LIMIT + 1, LIMIT + 1));
    }

    @Test
    void oneBreachAsksForOneRestart() {
        MemoryLimit limit = new MemoryLimit(LIMIT);

        assertEquals(List.of(false, false, true, false, false, true),
                feed(limit, LIMIT + 1, LIMIT + 1, LIMIT + 1, LIMIT + 1, LIMIT + 1, LIMIT + 1));
    }

    @Test
    void resetForgetsEarlierSamples() {
        MemoryLimit limit = new MemoryLimit(LIMIT);
        feed(limit, LIMIT + 1, LIMIT + 1);

        limit.reset();

        assertEquals(List.of(false, false, true), feed(limit, LIMIT + 1, LIMIT + 1, LIMIT + 1));
    }

    @Test
    void zeroIsOff() {
        MemoryLimit limit = new MemoryLimit(0);

        assertFalse(limit.enabled());
        assertEquals(List.of(false, false, false, false), feed(limit, Long.MAX_VALUE, Long.MAX_VALUE,
                Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void negativeLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryLimit(-1));
    }
}
