package dev.jpm.daemon.supervisor;

import static dev.jpm.daemon.supervisor.SupervisorFixture.HANG_SECONDS;
import static dev.jpm.daemon.supervisor.SupervisorFixture.cluster;
import static dev.jpm.daemon.supervisor.SupervisorFixture.restart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.state.DaemonState;
import dev.jpm.daemon.supervisor.FakeProcesses.FakeProcess;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results.AppChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update in place over fake processes: which change touches which process, and what a failure leaves. */
class UpdaterTest {
    private static final String FILE = "/srv/ecosystem.yaml";

    @TempDir
    Path dir;

    private SupervisorFixture fixture;
    private Supervisor supervisor;
    private FakeProcesses processes;
    private AppSpec web;

    @BeforeEach
    void startOneClusterApp() throws Exception {
        fixture = new SupervisorFixture(dir);
        supervisor = fixture.supervisor;
        processes = fixture.processes;
        AppSpec app = fixture.app("web", restart(0, 0), cluster(300));
        web = new AppSpec("web", app.jar(), null, null, app.java(), app.cwd(), 1, Map.of("V", "1"), app.restart(), app.cluster(),
                null, null, null, null, FILE);
        int id = supervisor.start(List.of(web), 1).get(HANG_SECONDS, TimeUnit.SECONDS).get(0);
        fixture.awaitInstance(id, i -> i.status() == InstanceStatus.ONLINE && i.backendKey() != 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private List<AppChange> update(List<AppSpec> apps, List<String> declared, boolean prune) throws Exception {
        return supervisor.update(new Request.Update(FILE, apps, declared, prune), 1).get(HANG_SECONDS, TimeUnit.SECONDS).changes();
    }

    private AppSpec running() {
        return supervisor.reader().model().apps().get(0).spec();
    }

    @Test
    void theSameSpecTouchesNoProcess() throws Exception {
        assertEquals(List.of(new AppChange("web", AppChange.UNCHANGED, "")), update(List.of(web), List.of("web"), false));
        assertEquals(1, processes.launched.size());
    }

    @Test
    void aSettingsChangeSwapsTheSpecWithoutANewProcess() throws Exception {
        AppSpec patient = new AppSpec("web", web.jar(), null, null, web.java(), web.cwd(), 1, web.env(), restart(5_000, 0),
                web.cluster(), null, null, null, null, FILE);
        assertEquals(List.of(new AppChange("web", AppChange.UPDATED, "restart policy")), update(List.of(patient), List.of("web"), false));
        assertEquals(1, processes.launched.size());
        assertEquals(5_000, running().restart().minUptimeMs());
    }

    @Test
    void anEnvChangeRollsTheInstanceOntoTheNewSpec() throws Exception {
        FakeProcess old = processes.last();
        AppSpec v2 = web.withEnv(Map.of("V", "2"));
        assertEquals(List.of(new AppChange("web", AppChange.ROLLED, "env")), update(List.of(v2), List.of("web"), false));
        assertEquals(2, processes.launched.size());
        assertEquals(Map.of("V", "2"), processes.specs.get(1).env());
        assertTrue(processes.stopped.contains(old), "the old process is drained and stopped");
        assertEquals(Map.of("V", "2"), running().env());
        assertEquals(processes.last().pid(), fixture.only().pid());
    }

    @Test
    void aRollWhoseReplacementNeverComesOnlineLeavesTheOldProcessAndTheOldSpec() throws Exception {
        FakeProcess old = processes.last();
        processes.listen = false;
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> update(List.of(web.withEnv(Map.of("V", "2"))), List.of("web"), false));
        JpmException failure = assertInstanceOf(JpmException.class, e.getCause());
        assertTrue(failure.getMessage().contains("update of 'web' failed") && failure.getMessage().contains("keeps serving"),
                failure.getMessage());
        assertEquals(Map.of("V", "1"), running().env(), "the next update tries again");
        assertEquals(old.pid(), fixture.only().pid());
        assertEquals(InstanceStatus.ONLINE, fixture.only().status());
    }

    @Test
    void anAppOfTheSameNameFromElsewhereIsAConflictAndNothingChanges() throws Exception {
        AppSpec other = new AppSpec("web", web.jar(), null, null, web.java(), web.cwd(), 1, Map.of("V", "9"), web.restart(),
                web.cluster(), null, null, null, null, "/elsewhere/ecosystem.yaml");
        ExecutionException e = assertThrows(ExecutionException.class, () -> supervisor
                .update(new Request.Update("/elsewhere/ecosystem.yaml", List.of(other), List.of("web"), false), 1)
                .get(HANG_SECONDS, TimeUnit.SECONDS));
        assertEquals(ErrorCode.CONFLICT, assertInstanceOf(JpmException.class, e.getCause()).code());
        assertEquals(1, processes.launched.size());
    }

    @Test
    void anAppThatLeftTheFileIsKeptUnlessPruned() throws Exception {
        AppSpec api = fixture.app("api", restart(0, 0), cluster(300));
        AppSpec apiFromFile = new AppSpec("api", api.jar(), null, null, api.java(), api.cwd(), 1, null, api.restart(), api.cluster(),
                null, null, null, null, FILE);
        List<AppChange> added = update(List.of(apiFromFile), List.of("api"), false);
        assertEquals(List.of(new AppChange("api", AppChange.STARTED, "1 instance"), new AppChange("web", AppChange.KEPT,
                "not in the file; --prune deletes it")), added);
        assertEquals(2, supervisor.reader().model().apps().size());

        List<AppChange> pruned = update(List.of(apiFromFile), List.of("api"), true);
        assertEquals(new AppChange("web", AppChange.PRUNED, "not in the file"), pruned.get(1));
        assertEquals(List.of("api"), supervisor.reader().model().apps().stream().map(ModelSnapshot.App::name).toList());
    }

    @Test
    void anAppDeletedAndStartedFromAJarWhileAnEarlierStepRollsIsNotPruned() throws Exception {
        AppSpec api = fixture.app("api", restart(0, 0), cluster(20_000));
        AppSpec apiFromFile = new AppSpec("api", api.jar(), null, null, api.java(), api.cwd(), 1, Map.of("V", "1"), api.restart(),
                api.cluster(), null, null, null, null, FILE);
        update(List.of(apiFromFile, web), List.of("api", "web"), false);
        int launches = processes.launched.size();
        processes.listen = false;
        // api rolls first; its replacement waits for its port while web is deleted and started again from a jar
        var updating = supervisor.update(new Request.Update(FILE, List.of(apiFromFile.withEnv(Map.of("V", "2"))), List.of("api"), true), 1);
        while (processes.launched.size() == launches) {
            Thread.sleep(10);
        }
        Integer replacementPort = processes.ports.get(processes.ports.size() - 1);
        supervisor.delete("web").get(HANG_SECONDS, TimeUnit.SECONDS);
        AppSpec webFromJar = new AppSpec("web", web.jar(), null, null, web.java(), web.cwd(), 1, Map.of("V", "jar"), web.restart(),
                null, null, null, null, null, null);
        supervisor.start(List.of(webFromJar), 1).get(HANG_SECONDS, TimeUnit.SECONDS);
        try (java.net.ServerSocket replacementUp = new java.net.ServerSocket(replacementPort, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<AppChange> changes = updating.get(HANG_SECONDS, TimeUnit.SECONDS).changes();
            assertEquals(AppChange.ROLLED, changes.get(0).action());
            assertEquals(AppChange.KEPT, changes.get(1).action(), changes.toString());
        }
        assertTrue(supervisor.reader().model().apps().stream().anyMatch(a -> a.name().equals("web") && a.spec().source() == null),
                "the web started from a jar still runs");
    }

    @Test
    void anUpdateToAnOutFileAnotherAppWritesIsAConflictAndNothingChanges() throws Exception {
        // outside JPM_HOME (the temp dir); fake processes never open it
        String shared = dir.resolveSibling(dir.getFileName() + "-logs").resolve("shared.log").toString();
        AppSpec api = fixture.app("api", restart(0, 0), null);
        AppSpec apiFromJar = new AppSpec("api", api.jar(), null, null, api.java(), api.cwd(), 1, null, api.restart(), null,
                new dev.jpm.protocol.ecosystem.LogSettings(1024 * 1024, 1, shared, null, null), null, null, null, null);
        supervisor.start(List.of(apiFromJar), 1).get(HANG_SECONDS, TimeUnit.SECONDS);
        int launches = processes.launched.size();
        AppSpec webSharing = new AppSpec("web", web.jar(), null, null, web.java(), web.cwd(), 1, web.env(), web.restart(), web.cluster(),
                new dev.jpm.protocol.ecosystem.LogSettings(1024 * 1024, 1, shared, null, null), null, null, null, FILE);
        ExecutionException e = assertThrows(ExecutionException.class, () -> update(List.of(webSharing), List.of("web"), false));
        assertEquals(ErrorCode.CONFLICT, assertInstanceOf(JpmException.class, e.getCause()).code(), e.getCause().getMessage());
        assertEquals(launches, processes.launched.size());
        assertEquals(web.logs(), running().logs());
    }

    @Test
    void theCallersEnvironmentIsUnderTheAppsOwn() throws Exception {
        supervisor.takeCallerEnv("web", Map.of("V", "shell", "FROM_SHELL", "yes")).get(HANG_SECONDS, TimeUnit.SECONDS);
        supervisor.reload("web").get(HANG_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, processes.launched.size());
        assertEquals(Map.of("V", "1", "FROM_SHELL", "yes"), processes.specs.get(1).env());
        assertEquals(Map.of("V", "1"), running().env(), "the spec keeps the app's env; the caller's is kept beside it");
        DaemonState lastSaved = fixture.saved.get(fixture.saved.size() - 1);
        assertEquals(Map.of("V", "shell", "FROM_SHELL", "yes"), lastSaved.apps().get(0).callerEnv(), "in state.json for the next daemon");
    }
}
