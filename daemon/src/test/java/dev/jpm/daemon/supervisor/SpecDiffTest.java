package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.ecosystem.StopSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecDiffTest {
    private static final ClusterSettings CLUSTER = new ClusterSettings(8080, "127.0.0.1", null, "/health", 30_000, 0);
    private static final AppSpec API = spec(Map.of("DEMO_VERSION", "1"), List.of("-Xmx64m"), CLUSTER, null, 2, "/srv/a.yaml");

    private static AppSpec spec(Map<String, String> env, List<String> jvmArgs, ClusterSettings cluster, RestartSettings restart,
            int instances, String source) {
        return new AppSpec("api", "/srv/api.jar", List.of(), jvmArgs, "/usr/bin/java", "/srv", instances, env, restart, cluster,
                null, null, null, null, source);
    }

    @Test
    void theSameSpecIsNoChange() {
        assertTrue(SpecDiff.between(API, spec(Map.of("DEMO_VERSION", "1"), List.of("-Xmx64m"), CLUSTER, null, 2, "/srv/a.yaml")).none());
    }

    @Test
    void instancesAndSourceAreNotChangesOfTheSpec() {
        // the count is scaled to, not rolled; the file's path may be given another way (a symlink, ../)
        assertTrue(SpecDiff.between(API, API.withInstances(4)).none());
        assertTrue(SpecDiff.between(API, spec(API.env(), API.jvmArgs(), CLUSTER, null, 2, "/other/a.yaml")).none());
    }

    @Test
    void envAndJvmArgsNeedNewProcesses() {
        SpecDiff diff = SpecDiff.between(API, spec(Map.of("DEMO_VERSION", "2"), List.of("-Xmx128m"), CLUSTER, null, 2, null));
        assertEquals(List.of("jvm_args", "env"), diff.process());
        assertTrue(diff.publicSide().isEmpty() && diff.settings().isEmpty());
        assertEquals("jvm_args, env", diff.describe());
    }

    @Test
    void restartStopAndReadinessSettingsNeedNoNewProcess() {
        RestartSettings patient = new RestartSettings(true, 30, 1_000, 0, 0, 0, 10_000, null);
        ClusterSettings slower = new ClusterSettings(8080, "127.0.0.1", null, "/ready", 90_000, 0);
        AppSpec wanted = new AppSpec("api", "/srv/api.jar", List.of(), API.jvmArgs(), "/usr/bin/java", "/srv", 2, API.env(), patient,
                slower, null, new StopSettings("SIGINT", List.of(0)), null, null, null);
        SpecDiff diff = SpecDiff.between(API, wanted);
        assertEquals(List.of("restart policy", "stop settings", "health_path", "listen_timeout"), diff.settings());
        assertTrue(diff.process().isEmpty() && diff.publicSide().isEmpty());
    }

    @Test
    void anotherPublicPortOrProtocolIsAChangeOfThePublicSide() {
        assertEquals(List.of("port"), SpecDiff.between(API, API.withCluster(CLUSTER.withPort(8081))).publicSide());
        assertEquals(List.of("protocol"),
                SpecDiff.between(API, API.withCluster(CLUSTER.withProtocol(ClusterSettings.Protocol.HTTP))).publicSide());
        assertEquals(List.of("port"), SpecDiff.between(API, API.withCluster(null)).publicSide());
        assertEquals(List.of("port"), SpecDiff.between(API.withCluster(null), API).publicSide());
    }
}
