package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.Notices;
import dev.jpm.daemon.balancer.Balancer;
import dev.jpm.daemon.metrics.MetricsCache;
import dev.jpm.daemon.policy.Clock;
import dev.jpm.daemon.state.AppState;
import dev.jpm.daemon.state.DaemonState;
import dev.jpm.daemon.state.InstanceState;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.MarkedProcess;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's crash-consistency logic with a fake scanner and a fake state file: what it
 * adopts, stops and launches. The "java" is a script that only leaves a trace that it ran, and the
 * found processes are real {@code sleep}s, stopped after each test.
 */
class SupervisorRecoveryTest {
    @TempDir
    Path dir;

    private final List<Process> sleeps = new ArrayList<>();
    private final List<MarkedProcess> marked = new ArrayList<>();
    private final List<DaemonState> saved = new ArrayList<>();
    private final Notices notices = new Notices();
    private final Balancer balancer = new Balancer(1);
    private boolean diskFull;
    private Supervisor supervisor;
    private Path launchedTrace;
    private AppSpec spec;

    @BeforeEach
    void setUp() throws IOException {
        launchedTrace = dir.resolve("launched");
        Path java = dir.resolve("fake-java");
        Files.writeString(java, "#!/bin/sh\ntouch " + launchedTrace + "\nexec sleep 60\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path jar = Files.writeString(dir.resolve("app.jar"), "not read by the fake java");
        spec = new AppSpec("api", jar.toString(), null, null, java.toString(), dir.toString(), 1, null, null, null, null, null, null, null, null);
        Files.createDirectories(dir.resolve("logs"));
        StateSink sink = state -> {
            if (diskFull) {
                throw new IOException("No space left on device");
            }
            saved.add(state);
        };
        supervisor = new Supervisor(new OsProcesses(new JpmHome(dir)), balancer, Clock.system(), sink,
                () -> List.copyOf(marked), notices);
    }

    @AfterEach
    void tearDown() throws Exception {
        supervisor.stopEverything().get(30, TimeUnit.SECONDS);
        supervisor.shutdown();
        balancer.close();
        for (Process p : sleeps) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private MarkedProcess sleepMarkedAs(String app, int id) throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        sleeps.add(p);
        long start = p.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
        MarkedProcess m = new MarkedProcess(p.pid(), ProcessHandle.current().pid(), app, id, 0, start);
        marked.add(m);
        return m;
    }

    private List<InstanceView> views() throws Exception {
        return supervisor.reader().views(new MetricsCache());
    }

    @Test
    void aStartWhoseIntentCannotBeWrittenFailsWithStorageAndLaunchesNothing() throws Exception {
        diskFull = true;

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> supervisor.start(List.of(spec), 2).get(10, TimeUnit.SECONDS));
        JpmException refusal = assertInstanceOf(JpmException.class, e.getCause());
        assertEquals(ErrorCode.STORAGE, refusal.code());
        assertTrue(refusal.getMessage().contains("No space left on device"), refusal.getMessage());
        assertEquals(List.of(), views());
        Thread.sleep(300);
        assertFalse(Files.exists(launchedTrace), "no process was launched");
    }

    @Test
    void theIntentIsOnDiskBeforeTheLaunchAndThePidRightAfter() throws Exception {
        List<Integer> ids = supervisor.start(List.of(spec), 2).get(10, TimeUnit.SECONDS);

        InstanceState intent = saved.stream().flatMap(s -> s.apps().stream()).flatMap(a -> a.instances().stream())
                .findFirst().orElseThrow();
        assertEquals(ids.get(0), intent.id());
        assertEquals(null, intent.pid(), "first recorded without a pid");
        assertEquals(InstanceStatus.LAUNCHING, intent.status());
        InstanceState last = saved.get(saved.size() - 1).apps().get(0).instances().get(0);
        assertEquals(views().get(0).pid(), last.pid());
    }

    @Test
    void anInstanceRecordedWithoutItsPidIsAdoptedByItsMarkerNotLaunchedAgain() throws Exception {
        MarkedProcess running = sleepMarkedAs("api", 4);
        DaemonState state = new DaemonState(5, List.of(new AppState(spec,
                List.of(new InstanceState(4, 0, null, 0, 0, 0, InstanceStatus.LAUNCHING, null)))));

        supervisor.restore(state).get(10, TimeUnit.SECONDS);

        InstanceView row = views().get(0);
        assertEquals(4, row.id());
        assertEquals(running.pid(), row.pid());
        assertEquals(InstanceStatus.ONLINE, row.status());
        Thread.sleep(300);
        assertFalse(Files.exists(launchedTrace), "no duplicate was launched");
    }

    @Test
    void aMarkedProcessOfAKnownAppTheStateLacksIsAdoptedAndOneOfAnUnknownAppIsStopped() throws Exception {
        MarkedProcess lost = sleepMarkedAs("api", 9);
        MarkedProcess ghost = sleepMarkedAs("ghost", 3);
        DaemonState state = new DaemonState(0, List.of(new AppState(spec, List.of())));

        supervisor.restore(state).get(10, TimeUnit.SECONDS);

        assertEquals(List.of(lost.pid()), views().stream().map(InstanceView::pid).toList());
        // stopped: gone already, or going (a pid that is no longer there is the outcome sought)
        java.util.Optional<ProcessHandle> ghostLeft = ProcessHandle.of(ghost.pid());
        if (ghostLeft.isPresent()) {
            assertTrue(ghostLeft.get().onExit().get(15, TimeUnit.SECONDS) != null);
        }
        List<String> told = notices.take();
        assertEquals(2, told.size(), told.toString());
        assertTrue(told.stream().anyMatch(n -> n.contains("adopted pid " + lost.pid())), told.toString());
        assertTrue(told.stream().anyMatch(n -> n.contains("stopped pid " + ghost.pid()) && n.contains("ghost")), told.toString());
    }
}
