package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.view.InstanceStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.wire.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
    private static final ModelSnapshot MODEL = new ModelSnapshot(5, List.of(
            app("api", instance(0, "api"), instance(1, "api")),
            app("worker", instance(2, "worker")),
            app("7", instance(4, "7"))));

    private static ModelSnapshot.App app(String name, InstanceSnapshot... instances) {
        AppSpec spec = new AppSpec(name, "/srv/" + name + ".jar", null, null, "/usr/bin/java", "/srv", instances.length,
                null, null, null, null, null, null, null, null);
        return new ModelSnapshot.App(spec, null, List.of(instances), null);
    }

    private static InstanceSnapshot instance(int id, String app) {
        return new InstanceSnapshot(id, 0, app, InstanceStatus.ONLINE, 100L + id, 0, 0, 0, null, 0, List.of());
    }

    private static List<Integer> ids(String target) {
        return TargetResolver.resolve(target, MODEL).stream().map(InstanceSnapshot::id).toList();
    }

    @Test
    void allMeansEveryInstanceInAppOrder() {
        assertEquals(List.of(0, 1, 2, 4), ids("all"));
    }

    @Test
    void anAppNameMeansItsInstances() {
        assertEquals(List.of(0, 1), ids("api"));
        assertEquals(List.of(2), ids("worker"));
    }

    @Test
    void digitsAreAnInstanceIdEvenWhenAnAppHasThatName() {
        assertEquals(List.of(1), ids("1"));
        JpmException e = assertThrows(JpmException.class, () -> ids("7"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().startsWith("no instance with id 7"), e.getMessage());
    }

    @Test
    void tenDigitsOrMoreAreANameNotAnOverflowingId() {
        JpmException e = assertThrows(JpmException.class, () -> ids("99999999999"));
        assertEquals("no app named '99999999999' (apps: api, worker, 7)", e.getMessage());
    }

    @Test
    void anUnknownNameListsTheAppsThereAre() {
        JpmException e = assertThrows(JpmException.class, () -> ids("apj"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("no app named 'apj' (apps: api, worker, 7)", e.getMessage());
    }

    @Test
    void withNoAppsTheHintSaysHowToStartOne() {
        JpmException e = assertThrows(JpmException.class, () -> TargetResolver.resolve("api", ModelSnapshot.EMPTY));
        assertEquals("no app named 'api' (no apps are running; start one with 'jpm start')", e.getMessage());
        assertEquals(List.of(), TargetResolver.resolve("all", ModelSnapshot.EMPTY));
    }

    @Test
    void aMissingTargetIsABadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(JpmException.class, () -> ids(null)).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(JpmException.class, () -> ids("  ")).code());
    }
}
