package dev.jpm.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.policy.Decision.GiveUp;
import dev.jpm.daemon.policy.Decision.RestartAfter;
import dev.jpm.daemon.policy.Decision.RestartNow;
import dev.jpm.daemon.policy.Decision.Stay;
import dev.jpm.protocol.ecosystem.RestartSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    private final FakeClock clock = new FakeClock(1_000_000);
    private final ExitHistory history = new ExitHistory();

    private static RestartSettings settings(boolean autorestart, int maxRestarts, long minUptimeMs,
            long restartDelayMs, long expBackoffMs) {
        return new RestartSettings(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffMs, 0, 5_000, null);
    }

    /** One run of {@code uptimeMs} that ends with exit code 1, and the policy's answer. */
    private Decision run(RestartPolicy policy, long uptimeMs) {
        policy.onStart(history);
        clock.advance(uptimeMs);
        return policy.onExit(history, 1, false);
    }

    @Test
    void restartsAtOnceByDefault() {
        RestartPolicy policy = new RestartPolicy(RestartSettings.DEFAULTS, List.of(), clock);

        assertEquals(new RestartNow(), run(policy, 5_000));
        assertEquals(1, history.restarts());
        assertEquals(0, history.unstableRestarts());
    }

    @Test
    void waitsRestartDelayAfterStableAndUnstableExits() {
        RestartPolicy policy = new RestartPolicy(settings(true, 15, 1_000, 2_000, 0), List.of(), clock);

        assertEquals(new RestartAfter(2_000), run(policy, 5_000));
        assertEquals(new RestartAfter(2_000), run(policy, 10));
        assertEquals(2, history.restarts());
    }

    @Test
    void backoffGrowsByHalfUpToFifteenSeconds() {
        RestartPolicy policy = new RestartPolicy(settings(true, 100, 1_000, 0, 100), List.of(), clock);

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            delays.add(((RestartAfter) run(policy, 2_000)).delayMs());
        }

        assertEquals(List.of(100L, 150L, 225L, 337L, 505L, 757L, 1_135L, 1_702L, 2_553L, 3_829L,
                5_743L, 8_614L, 12_921L, 15_000L, 15_000L), delays);
        assertEquals(15_000, history.backoffDelayMs());
    }

    @Test
    void backoffStartsAgainAfterThirtySecondsUp() {
        RestartPolicy policy = new RestartPolicy(settings(true, 100, 1_000, 0, 100), List.of(), clock);

        assertEquals(new RestartAfter(100), run(policy, 2_000));
        assertEquals(new RestartAfter(150), run(policy, 2_000));
        assertEquals(new RestartAfter(225), run(policy, 29_999));
        assertEquals(new RestartAfter(100), run(policy, 30_000));
        assertEquals(new RestartAfter(150), run(policy, 2_000));
    }

    @Test
    void backoffReplacesRestartDelay() {
        RestartPolicy policy = new RestartPolicy(settings(true, 100, 1_000, 5_000, 100), List.of(), clock);

        assertEquals(new RestartAfter(100), run(policy, 2_000));
        assertEquals(new RestartAfter(150), run(policy, 2_000));
    }

    @Test
    void erroredAfterMaxRestartsUnstableRestarts() {
        RestartPolicy policy = new RestartPolicy(settings(true, 3, 1_000, 0, 0), List.of(), clock);

        // max_restarts=3: started 1 + 3 times, the fourth early exit gives up.
        assertEquals(new RestartNow(), run(policy, 999));
        assertEquals(new RestartNow(), run(policy, 999));
        assertEquals(new RestartNow(), run(policy, 999));
        assertEquals(new GiveUp("3 unstable restarts (exited within min_uptime)"), run(policy, 999));
        assertEquals(4, history.recentExits().size());
        assertEquals(3, history.restarts());
        assertEquals(3, history.unstableRestarts());
    }

    @Test
    void giveUpAppliesUnderBackoffToo() {
        RestartPolicy policy = new RestartPolicy(settings(true, 2, 1_000, 0, 100), List.of(), clock);

        assertEquals(new RestartAfter(100), run(policy, 10));
        assertEquals(new RestartAfter(150), run(policy, 10));
        assertEquals(new GiveUp("2 unstable restarts (exited within min_uptime)"), run(policy, 10));
    }

    @Test
    void stableRunResetsUnstableCount() {
        RestartPolicy policy = new RestartPolicy(settings(true, 2, 1_000, 0, 0), List.of(), clock);

        assertEquals(new RestartNow(), run(policy, 10));
        assertEquals(new RestartNow(), run(policy, 10));
        assertEquals(2, history.unstableRestarts());
        // Exactly min_uptime is stable.
        assertEquals(new RestartNow(), run(policy, 1_000));
        assertEquals(0, history.unstableRestarts());
        assertEquals(new RestartNow(), run(policy, 10));
        assertEquals(new RestartNow(), run(policy, 10));
        assertEquals(new GiveUp("2 unstable restarts (exited within min_uptime)"), run(policy, 10));
        assertEquals(5, history.restarts());
    }

    @Test
    void zeroMaxRestartsGivesUpOnFirstUnstableExitOnly() {
        RestartPolicy policy = new RestartPolicy(settings(true, 0, 1_000, 0, 0), List.of(), clock);

        assertEquals(new RestartNow(), run(policy, 1_000));
        assertEquals(new GiveUp("0 unstable restarts (exited within min_uptime)"), run(policy, 999));
        assertEquals(1, history.restarts());
    }

    @Test
    void autorestartOffStays() {
        RestartPolicy policy = new RestartPolicy(settings(false, 15, 1_000, 0, 0), List.of(), clock);

        assertEquals(new Stay("autorestart is off"), run(policy, 5_000));
        assertEquals(new Stay("autorestart is off"), run(policy, 10));
        assertEquals(0, history.restarts());
        assertEquals(0, history.unstableRestarts());
    }

    @Test
    void anExitCodeInStopExitCodesMeansDoneEvenWithinMinUptime() {
        RestartPolicy policy = new RestartPolicy(settings(true, 0, 1_000, 0, 0), List.of(0, 3), clock);

        policy.onStart(history);
        clock.advance(10);
        assertEquals(new Stay("exit code 0 is in stop_exit_codes"), policy.onExit(history, 0, false));
        policy.onStart(history);
        clock.advance(5_000);
        assertEquals(new Stay("exit code 3 is in stop_exit_codes"), policy.onExit(history, 3, false));
        assertEquals(0, history.restarts());
        assertEquals(0, history.unstableRestarts());
    }

    @Test
    void exitsNotInStopExitCodesStillRestart() {
        RestartPolicy policy = new RestartPolicy(RestartSettings.DEFAULTS, List.of(0), clock);

        assertEquals(new RestartNow(), run(policy, 5_000));
        policy.onStart(history);
        clock.advance(5_000);
        // 143 is a death by SIGTERM from outside jpm, not an exit of the app's own choosing
        assertEquals(new RestartNow(), policy.onExit(history, 143, false));
        // an adopted process's exit code is unknown: it cannot be in the list
        policy.onStart(history);
        clock.advance(5_000);
        assertEquals(new RestartNow(), policy.onExit(history, null, false));
    }

    @Test
    void stoppedByUserStays() {
        RestartPolicy policy = new RestartPolicy(RestartSettings.DEFAULTS, List.of(), clock);

        policy.onStart(history);
        clock.advance(10);
        assertEquals(new Stay("stopped by the user"), policy.onExit(history, 143, true));
        assertEquals(0, history.restarts());
        assertEquals(0, history.unstableRestarts());
    }

    @Test
    void manualRestartResetsCrashLoopButCounts() {
        RestartPolicy policy = new RestartPolicy(settings(true, 2, 1_000, 0, 100), List.of(), clock);
        assertEquals(new RestartAfter(100), run(policy, 10));
        assertEquals(new RestartAfter(150), run(policy, 10));

        history.manualRestart();

        assertEquals(3, history.restarts());
        assertEquals(0, history.unstableRestarts());
        assertEquals(0, history.backoffDelayMs());
        assertEquals(new RestartAfter(100), run(policy, 10));
        assertEquals(new RestartAfter(150), run(policy, 10));
        assertEquals(new GiveUp("2 unstable restarts (exited within min_uptime)"), run(policy, 10));
        assertEquals(5, history.restarts());
    }

    @Test
    void afterExitWithoutAnExitIsAMistake() {
        RestartPolicy policy = new RestartPolicy(RestartSettings.DEFAULTS, List.of(), clock);

        assertThrows(IllegalStateException.class, () -> policy.afterExit(history, false));
    }

    @Test
    void memoryLimitFollowsSettings() {
        RestartSettings withLimit = new RestartSettings(true, 15, 1_000, 0, 0, 300L << 20, 5_000, null);

        assertTrue(new RestartPolicy(withLimit, List.of(), clock).newMemoryLimit().enabled());
        assertFalse(new RestartPolicy(RestartSettings.DEFAULTS, List.of(), clock).newMemoryLimit().enabled());
    }

    @Test
    void aFailedLaunchIsAnUnstableStartRetriedNoSoonerThanASecondAndGivesUpWithItsReason() {
        RestartPolicy policy = new RestartPolicy(settings(true, 2, 0, 0, 0), List.of(), clock);

        assertEquals(new RestartAfter(RestartPolicy.FAILED_LAUNCH_MIN_DELAY_MS), policy.onFailedLaunch(history, "no folder"));
        clock.advance(1_000);
        assertEquals(new RestartAfter(RestartPolicy.FAILED_LAUNCH_MIN_DELAY_MS), policy.onFailedLaunch(history, "no folder"));
        clock.advance(1_000);
        Decision last = policy.onFailedLaunch(history, "no folder");

        assertEquals(new GiveUp("2 unstable restarts (the launch failed: no folder)"), last);
        assertEquals("no folder", history.lastExit().orElseThrow().failure());
        assertEquals(3, history.recentExits().size());
    }

    @Test
    void aLongerRestartDelayIsKeptAfterAFailedLaunch() {
        RestartPolicy policy = new RestartPolicy(settings(true, 15, 1_000, 4_000, 0), List.of(), clock);

        assertEquals(new RestartAfter(4_000), policy.onFailedLaunch(history, "no java"));
    }
}
