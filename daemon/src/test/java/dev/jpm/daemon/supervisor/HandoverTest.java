package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.view.InstanceStatus;
import static dev.jpm.daemon.supervisor.SupervisorFixture.HANG_SECONDS;
import static dev.jpm.daemon.supervisor.SupervisorFixture.cluster;
import static dev.jpm.daemon.supervisor.SupervisorFixture.restart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.supervisor.FakeProcesses.FakeProcess;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.wire.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload and scale in cluster mode, over fake processes that accept on their internal port (so
 * the real readiness probe sees them online) or do not (a replacement that never comes up).
 */
class HandoverTest {
    /** listen_timeout of the test app: short, so a replacement that never listens fails in a moment. */
    private static final long LISTEN_TIMEOUT_MS = 300;

    @TempDir
    Path dir;

    private SupervisorFixture fixture;
    private Supervisor supervisor;
    private FakeProcesses processes;
    private int id;

    @BeforeEach
    void startOneClusterInstance() throws Exception {
        fixture = new SupervisorFixture(dir);
        supervisor = fixture.supervisor;
        processes = fixture.processes;
        id = supervisor.start(List.of(fixture.app("web", restart(0, 0), cluster(LISTEN_TIMEOUT_MS))), 1)
                .get(HANG_SECONDS, TimeUnit.SECONDS).get(0);
        fixture.awaitInstance(id, i -> i.status() == InstanceStatus.ONLINE && i.backendKey() != 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void aReplacementThatNeverComesOnlineIsStoppedAndTheOldProcessIsPutBack() throws Exception {
        FakeProcess old = processes.last();
        InstanceSnapshot before = fixture.only();
        processes.listen = false;

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> supervisor.reload("web").get(HANG_SECONDS, TimeUnit.SECONDS));

        JpmException failure = assertInstanceOf(JpmException.class, e.getCause());
        assertEquals(ErrorCode.INTERNAL, failure.code());
        assertTrue(failure.getMessage().contains("the old one keeps serving"), failure.getMessage());
        FakeProcess replacement = processes.last();
        assertNotEquals(old, replacement);
        assertEquals(List.of(replacement), processes.stopped, "the replacement is stopped, the old one is not");
        assertTrue(old.isAlive());
        InstanceSnapshot after = fixture.only();
        assertEquals(InstanceStatus.ONLINE, after.status());
        assertEquals(old.pid(), after.pid());
        assertEquals(before.internalPort(), after.internalPort(), "back on its own port");
        assertEquals(before.backendKey(), after.backendKey(), "and its own backend, which still takes traffic");
        assertEquals(before.onlineSinceMillis(), after.onlineSinceMillis());
    }

    @Test
    void afterAReinstateTheOldProcessIsWatchedAgainSoItsCrashIsRestarted() throws Exception {
        FakeProcess old = processes.last();
        processes.listen = false;
        assertThrows(ExecutionException.class, () -> supervisor.reload("web").get(HANG_SECONDS, TimeUnit.SECONDS));
        processes.listen = true;

        old.exit(1);

        InstanceSnapshot back = fixture.awaitInstance(id, i -> i.status() == InstanceStatus.ONLINE && i.pid() != null
                && i.pid() != old.pid());
        assertEquals(processes.last().pid(), back.pid());
        assertEquals(3, processes.launched.size(), "the first, the failed replacement, the restart");
    }

    @Test
    void aReplacementThatComesOnlineTakesOverAndTheOldProcessIsStopped() throws Exception {
        FakeProcess old = processes.last();
        int oldKey = fixture.only().backendKey();

        List<Integer> reloaded = supervisor.reload("web").get(HANG_SECONDS, TimeUnit.SECONDS);

        assertEquals(List.of(id), reloaded);
        InstanceSnapshot after = fixture.only();
        assertEquals(InstanceStatus.ONLINE, after.status());
        assertEquals(processes.last().pid(), after.pid());
        assertNotEquals(oldKey, after.backendKey(), "a new backend for the new process");
        assertEquals(List.of(old), processes.stopped);
        assertFalse(old.isAlive());
        fixture.settleLoop();
        assertEquals(2, processes.launched.size(), "the old process's exit is not a crash");
    }

    @Test
    void scalingDownDrainsAndRemovesTheHighestIndexAndScalingUpAddsOnlineInstances() throws Exception {
        List<Integer> added = supervisor.scale("web", "+2", 1).get(HANG_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, added.size());
        fixture.await(m -> m.instances().stream().filter(i -> i.status() == InstanceStatus.ONLINE).count() == 3);

        assertEquals(List.of(), supervisor.scale("web", "1", 1).get(HANG_SECONDS, TimeUnit.SECONDS));

        InstanceSnapshot left = fixture.only();
        assertEquals(0, left.index());
        assertEquals(id, left.id());
        assertEquals(2, processes.stopped.size());
        assertEquals(1, supervisor.reader().specs().get(0).instances(), "save would write the scaled count");
    }
}
