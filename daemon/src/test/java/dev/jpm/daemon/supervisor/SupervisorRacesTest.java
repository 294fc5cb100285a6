package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.view.InstanceStatus;
import static dev.jpm.daemon.supervisor.SupervisorFixture.HANG_SECONDS;
import static dev.jpm.daemon.supervisor.SupervisorFixture.restart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.supervisor.FakeProcesses.FakeProcess;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders of events the supervisor's generation and membership checks exist for, played with
 * fake processes whose exits the test times: an exit that arrives after its process was replaced
 * or its instance deleted, a stop while a restart waits out its delay.
 */
class SupervisorRacesTest {
    @TempDir
    Path dir;

    private SupervisorFixture fixture;
    private Supervisor supervisor;
    private FakeProcesses processes;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new SupervisorFixture(dir);
        supervisor = fixture.supervisor;
        processes = fixture.processes;
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private int startOne(long minUptimeMs, long restartDelayMs) throws Exception {
        List<Integer> ids = supervisor.start(List.of(fixture.app("api", restart(minUptimeMs, restartDelayMs), null)), 1)
                .get(HANG_SECONDS, TimeUnit.SECONDS);
        return ids.get(0);
    }

    @Test
    void aCrashIsRestartedAtOnceWithoutARestartDelay() throws Exception {
        int id = startOne(0, 0);
        FakeProcess first = processes.last();
        fixture.awaitInstance(id, i -> i.status() == InstanceStatus.ONLINE);

        first.exit(1);

        InstanceSnapshot back = fixture.awaitInstance(id, i -> i.restarts() == 1 && i.status() == InstanceStatus.ONLINE);
        assertEquals(2, processes.launched.size());
        assertEquals(processes.last().pid(), back.pid());
        assertEquals(Integer.valueOf(1), back.recentExits().get(0).exitCode());
    }

    @Test
    void theExitOfAProcessAlreadyReplacedByARestartIsHarmless() throws Exception {
        int id = startOne(0, 0);
        FakeProcess old = processes.last();
        fixture.awaitInstance(id, i -> i.status() == InstanceStatus.ONLINE);
        processes.stopEndsProcess = false; // the old process outlives its stop: its exit comes late

        supervisor.restart("api").get(HANG_SECONDS, TimeUnit.SECONDS);
        FakeProcess replacement = processes.last();
        processes.stopEndsProcess = true;
        old.exit(143);
        fixture.settleLoop();

        InstanceSnapshot now = fixture.only();
        assertEquals(InstanceStatus.ONLINE, now.status());
        assertEquals(replacement.pid(), now.pid(), "still watching the replacement");
        assertEquals(2, processes.launched.size(), "the late exit started nothing");
        assertEquals(1, now.restarts(), "only the manual restart is counted");
        assertTrue(now.recentExits().isEmpty(), "the replaced process's exit is not the instance's");
    }

    /** The daemon exits after stopEverything: a start or a restart that comes after it would leave an unmanaged JVM. */
    @Test
    void nothingLaunchesOnceEverythingIsStopped() throws Exception {
        int id = startOne(0, 0);
        fixture.awaitInstance(id, i -> i.status() == InstanceStatus.ONLINE);

        supervisor.stopEverything().get(HANG_SECONDS, TimeUnit.SECONDS);
        supervisor.start(List.of(fixture.app("late", restart(0, 0), null)), 1).get(HANG_SECONDS, TimeUnit.SECONDS);
        supervisor.restart("api").get(HANG_SECONDS, TimeUnit.SECONDS);
        fixture.settleLoop();

        assertEquals(1, processes.launched.size(), "nothing launched after stopEverything");
    }

    @Test
    void aStopWhileARestartWaitsOutItsDelayCancelsTheRestart() throws Exception {
        long delayMs = 200;
        int id = startOne(0, delayMs);
        fixture.awaitInstance(id, i -> i.status() == InstanceStatus.ONLINE);

        processes.last().exit(1);
        fixture.awaitInstance(id, i -> i.status() == InstanceStatus.LAUNCHING && i.pid() == null);
        supervisor.stop("api").get(HANG_SECONDS, TimeUnit.SECONDS);
        // past the delay, with room to spare: a restart not cancelled would have launched by now
        Thread.sleep(delayMs * 3);
        fixture.settleLoop();

        assertEquals(1, processes.launched.size(), "the pending restart never ran");
        assertEquals(InstanceStatus.STOPPED, fixture.only().status());
    }

    @Test
    void aDeleteWhileTheInstanceIsLaunchingLeavesNothingAndItsLateExitStartsNothing() throws Exception {
        int id = startOne(60_000, 0); // launching for a minute: the delete comes first
        FakeProcess launching = processes.last();
        CompletableFuture<List<StartOutcome>> outcomes = supervisor.confirmations(List.of(id));
        processes.stopEndsProcess = false;

        supervisor.delete("api").get(HANG_SECONDS, TimeUnit.SECONDS);
        launching.exit(143);
        fixture.settleLoop();

        assertTrue(supervisor.reader().model().apps().isEmpty());
        assertEquals(1, processes.launched.size(), "the exit of a deleted instance is not a crash to restart");
        assertEquals(List.of(launching), processes.stopped);
        StartOutcome outcome = outcomes.get(HANG_SECONDS, TimeUnit.SECONDS).get(0);
        assertFalse(outcome.up());
        assertEquals("was stopped before it was confirmed up", outcome.failure());
        assertTrue(fixture.saved.get(fixture.saved.size() - 1).apps().isEmpty(), "state.json forgets it");
    }

    @Test
    void aLaunchThatFailsIsRetriedNoSoonerThanThePolicySaysAndAStopEndsThat() throws Exception {
        processes.launchFailure = new java.io.IOException("Cannot run program: error=13, Permission denied");
        int id = startOne(0, 0);

        InstanceSnapshot failed = fixture.awaitInstance(id, i -> !i.recentExits().isEmpty());
        supervisor.stop("api").get(HANG_SECONDS, TimeUnit.SECONDS);

        assertNull(failed.pid());
        assertEquals(InstanceStatus.LAUNCHING, failed.status(), "waiting for its retry");
        assertTrue(failed.recentExits().get(0).failure().contains("Permission denied"), failed.toString());
        assertEquals(InstanceStatus.STOPPED, fixture.only().status());
        assertTrue(processes.launched.isEmpty());
    }
}
