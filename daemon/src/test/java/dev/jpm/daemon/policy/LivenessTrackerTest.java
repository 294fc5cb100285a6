package dev.jpm.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jpm.protocol.ecosystem.LivenessSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Counting failed liveness checks, on a fake clock. */
class LivenessTrackerTest {
    private final FakeClock clock = new FakeClock(1_000_000);
    private final LivenessTracker tracker = new LivenessTracker(LivenessSettings.DEFAULTS, clock);

    @Test
    void theFirstCheckComesOneIntervalAfterOnline() {
        assertEquals(10_000, tracker.delayUntilNextCheck());
        clock.advance(4_000);
        assertEquals(6_000, tracker.delayUntilNextCheck());
        clock.advance(7_000);
        assertEquals(0, tracker.delayUntilNextCheck());
    }

    @Test
    void checksAreSpacedStartToStart() {
        clock.advance(10_000);
        tracker.checkStarted();
        clock.advance(2_000);
        tracker.failed("timeout after 2s");
        // the 2 s the check took count towards the interval
        assertEquals(8_000, tracker.delayUntilNextCheck());
    }

    @Test
    void threeTimeoutsInARowReplaceAHungInstanceWithinIntervalTimesFailures() {
        long online = clock.nowMillis();
        Optional<String> verdict = Optional.empty();
        for (int n = 0; n < 3; n++) {
            clock.advance(tracker.delayUntilNextCheck());
            tracker.checkStarted();
            clock.advance(2_000);
            verdict = tracker.failed("timeout after 2s");
        }
        assertEquals(Optional.of("liveness: 3 health checks failed: timeout after 2s"), verdict);
        // 10 s to the first check, 10 s between starts, 2 s for the last to time out
        assertEquals(32_000, clock.nowMillis() - online);
        assertEquals(3, tracker.failuresInRow());
    }

    @Test
    void aPassedCheckStartsTheCountAgain() {
        tracker.checkStarted();
        assertEquals(Optional.empty(), tracker.failed("status 503"));
        tracker.checkStarted();
        assertEquals(Optional.empty(), tracker.failed("status 503"));
        tracker.checkStarted();
        tracker.passed();
        assertEquals(0, tracker.failuresInRow());
        tracker.checkStarted();
        assertEquals(Optional.empty(), tracker.failed("connection refused on port 40001"));
        tracker.checkStarted();
        assertEquals(Optional.empty(), tracker.failed("status 500"));
        tracker.checkStarted();
        assertEquals(Optional.of("liveness: 3 health checks failed: status 500"), tracker.failed("status 500"));
    }

    @Test
    void oneFailureCanBeEnough() {
        LivenessTracker strict = new LivenessTracker(new LivenessSettings(null, 1_000, 500, 1), clock);
        strict.checkStarted();
        assertEquals(Optional.of("liveness: 1 health check failed: status 500"), strict.failed("status 500"));
    }

    @Test
    void checksDoNotPileUp() {
        tracker.checkStarted();
        assertThrows(IllegalStateException.class, tracker::checkStarted);
        assertThrows(IllegalStateException.class, tracker::delayUntilNextCheck);
    }
}
