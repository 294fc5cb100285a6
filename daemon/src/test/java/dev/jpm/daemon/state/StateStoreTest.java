package dev.jpm.daemon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private static final DaemonState STATE = new DaemonState(3, List.of());

    private StateStore<DaemonState> store() {
        return new StateStore<>(dir.resolve("state.json"), DaemonState.class);
    }

    @Test
    void aCorruptOrEmptyFileIsReadFromItsCopyAndTheWarningSaysSo() throws Exception {
        store().save(STATE);
        for (String damage : List.of("{\"nextId\": 3, \"apps\": [", "")) {
            Files.writeString(dir.resolve("state.json"), damage);
            warnings.clear();

            assertEquals(STATE, store().load(DaemonState.EMPTY, warnings::add));
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).contains("recovered from its copy state.json.prev"), warnings.get(0));
            assertTrue(Files.exists(dir.resolve("state.json.corrupt")), "kept for a person to look at");
        }
    }

    /** The file is written first, alone (a launch waits for it only); the copy follows, once, and then holds the same. */
    @Test
    void theCopyFollowsTheFileWhenAsked() throws Exception {
        StateStore<DaemonState> store = store();
        store.save(STATE);
        DaemonState next = new DaemonState(4, List.of());

        store.saveMain(next);
        assertEquals(next, new StateStore<>(dir.resolve("state.json"), DaemonState.class).load(DaemonState.EMPTY, warnings::add));
        Files.delete(dir.resolve("state.json"));
        assertEquals(STATE, store().load(DaemonState.EMPTY, warnings::add), "the copy is one change behind until saveCopy");

        store.saveMain(next);
        store.saveCopy();
        Files.delete(dir.resolve("state.json"));
        assertEquals(next, store().load(DaemonState.EMPTY, warnings::add), "the copy caught up");
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(dir.resolve("state.json.prev"));
        Files.setLastModifiedTime(dir.resolve("state.json.prev"), java.nio.file.attribute.FileTime.fromMillis(0));
        store.saveCopy();
        assertEquals(0, Files.getLastModifiedTime(dir.resolve("state.json.prev")).toMillis(), "written once, not at every call: " + written);
    }

    @Test
    void aDumpWrittenBeforeTheProtocolKeysLoadsWithTheirDefaults() throws Exception {
        // dump.json as jpm wrote it before cluster settings had protocol, forwarded and proxy_protocol
        Files.writeString(dir.resolve("dump.json"), """
                {"apps":[{"name":"web","jar":"/srv/web.jar","args":["--port","${PORT}"],"jvm_args":[],"java":"/usr/bin/java",
                "cwd":"/srv","instances":2,"env":{},"restart":{"autorestart":true,"max_restarts":15,"min_uptime_ms":1000,
                "restart_delay_ms":0,"exp_backoff_restart_delay_ms":0,"max_memory_restart_bytes":0,"kill_timeout_ms":5000},
                "cluster":{"port":3000,"host":"0.0.0.0","strategy":"least_conn","health_path":"/health","listen_timeout_ms":30000,
                "max_connections":0},"logs":{"max_size_bytes":10485760,"retain":5},"source":"/srv/ecosystem.yaml"}]}
                """);
        DumpFile dump = new StateStore<>(dir.resolve("dump.json"), DumpFile.class).load(DumpFile.EMPTY, warnings::add);

        assertEquals(List.of(), warnings);
        ClusterSettings cluster = dump.apps().get(0).cluster();
        assertEquals(new ClusterSettings(3000, "0.0.0.0", ClusterSettings.Strategy.LEAST_CONN, "/health", 30_000, 0), cluster);
        assertEquals(ClusterSettings.Protocol.TCP, cluster.protocol());
        assertEquals(true, cluster.forwarded());
        assertEquals(ClusterSettings.ProxyProtocol.NONE, cluster.proxyProtocol());
    }

    @Test
    void theProtocolKeysSurviveASaveAndLoad() throws Exception {
        ClusterSettings http = new ClusterSettings(3000, null, null, null, 0, 0, ClusterSettings.Protocol.HTTP, false, null);
        ClusterSettings proxied = new ClusterSettings(3001, null, null, null, 0, 0, null, null, ClusterSettings.ProxyProtocol.V2);
        StateStore<DumpFile> store = new StateStore<>(dir.resolve("dump.json"), DumpFile.class);
        DumpFile saved = new DumpFile(List.of(app("a", http), app("b", proxied)));
        store.save(saved);
        assertEquals(saved, store.load(DumpFile.EMPTY, warnings::add));
    }

    private static AppSpec app(String name, ClusterSettings cluster) {
        return new AppSpec(name, "/srv/app.jar", null, null, "/usr/bin/java", "/srv", 1, null, null, cluster, null, null, null, null, null);
    }

    @Test
    void aMissingFileWithACopyIsRecoveredAndAFreshHomeIsSilent() throws Exception {
        assertEquals(DaemonState.EMPTY, store().load(DaemonState.EMPTY, warnings::add));
        assertEquals(List.of(), warnings);

        store().save(STATE);
        Files.delete(dir.resolve("state.json"));
        assertEquals(STATE, store().load(DaemonState.EMPTY, warnings::add));
        assertTrue(warnings.get(0).contains("missing"), warnings.toString());
    }

    @Test
    void bothDamagedStartsFromNothingAndSaysSo() throws Exception {
        Files.writeString(dir.resolve("state.json"), "x");
        Files.writeString(dir.resolve("state.json.prev"), "");

        assertEquals(DaemonState.EMPTY, store().load(DaemonState.EMPTY, warnings::add));
        assertTrue(warnings.get(0).contains("starting from nothing"), warnings.toString());
    }

    @Test
    void writesLeaveNoTempFilesAndReuseOneLeftByACrash() throws Exception {
        Files.writeString(AtomicFiles.tempFor(dir.resolve("state.json")), "half a wri");
        for (int i = 0; i < 5; i++) {
            store().save(new DaemonState(i, List.of()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("state.json", "state.json.prev"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(new DaemonState(4, List.of()), store().load(DaemonState.EMPTY, warnings::add));
    }
}
