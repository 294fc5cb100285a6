package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.Ecosystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The Compose file, read back by a YAML parser, holds each mapped value where Compose looks for it. */
class ComposeFileTest {
    @TempDir
    Path temp;

    @Test
    void everyKeyComesBackFromTheParsedFile() throws Exception {
        Export export = new ComposeExporter().export(ExportFixtures.everyKey(temp, ExportFixtures.GOLDEN_JAVA),
                ExportFixtures.everyKeyOptions(ExportFixtures.GOLDEN_JAVA));
        Map<String, Object> services = map(map(new Yaml().load(export.files().get(0).text())).get("services"));
        assertEquals(List.of("api-v2", "gateway", "my-worker"), List.copyOf(services.keySet()));

        Map<String, Object> api = map(services.get("api-v2"));
        assertEquals("registry.example.com/api:2.0", api.get("image"));
        assertEquals(List.of("java", "-Xmx256m", "-Dapp.port=8080", "-jar", "/app/api.jar"), api.get("entrypoint"));
        assertEquals(List.of("--server.port=8080", "--greeting=hello world"), api.get("command"));
        assertEquals(Map.of("DB_URL", "jdbc:postgresql://prod-db/app", "PORT", "8080", "QUOTE", "say \"hi\" at 100%"),
                api.get("environment"));
        assertEquals(List.of(Map.of("target", 8080, "published", "8080", "protocol", "tcp")), api.get("ports"));
        assertEquals(Map.of("replicas", 3), api.get("deploy"));
        assertEquals("unless-stopped", api.get("restart"));
        assertEquals("SIGINT", api.get("stop_signal"));
        assertEquals("20s", api.get("stop_grace_period"));
        assertEquals("512m", api.get("mem_limit"));
        Map<String, Object> health = map(api.get("healthcheck"));
        assertEquals(List.of("CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/actuator/health"), health.get("test"));
        assertEquals("5s", health.get("interval"));
        assertEquals("1500ms", health.get("timeout"));
        assertEquals(5, health.get("retries"));
        assertEquals("1m", health.get("start_period"));
        assertEquals(Map.of("driver", "json-file", "options", Map.of("max-size", "50m", "max-file", "3")), api.get("logging"));

        Map<String, Object> gateway = map(services.get("gateway"));
        assertEquals("registry.example.com/jpm-apps:1.0", gateway.get("image"));
        assertEquals(List.of(Map.of("target", 9000, "published", "9000", "host_ip", "127.0.0.1", "protocol", "tcp")),
                gateway.get("ports"));
        assertEquals(List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9000"), map(gateway.get("healthcheck")).get("test"));

        Map<String, Object> worker = map(services.get("my-worker"));
        assertEquals(Map.of("replicas", 4), worker.get("deploy"));
        assertEquals("no", worker.get("restart"));
        assertNull(worker.get("ports"));
        assertNull(worker.get("environment"));
        Map<String, Object> workerHealth = map(worker.get("healthcheck"));
        assertEquals("http://127.0.0.1:8081/healthz?deep=1", ((List<?>) workerHealth.get("test")).get(5));
        assertEquals(2, workerHealth.get("retries"));
        assertFalse(workerHealth.containsKey("start_period"));
    }

    /** Compose would read {@code $word} as a variable of its own shell; jpm passes it as written. */
    @Test
    void dollarsReachTheContainerAsWritten() throws Exception {
        Ecosystem every = ExportFixtures.everyKey(temp, ExportFixtures.GOLDEN_JAVA);
        List<AppSpec> apps = new ArrayList<>();
        for (AppSpec a : every.apps()) {
            Map<String, String> env = new TreeMap<>(a.env());
            env.put("DB_PASSWORD", "pa$word${HOME}$$");
            apps.add(new AppSpec(a.name(), a.jar(), List.of("--price=$5"), a.jvmArgs(), a.java(), a.cwd(), a.instances(), env,
                    a.restart(), a.cluster(), a.logs(), a.stop(), a.liveness(), a.jvm(), a.source()));
        }
        Export export = new ComposeExporter().export(new Ecosystem(every.file(), apps),
                ExportFixtures.everyKeyOptions(ExportFixtures.GOLDEN_JAVA));
        Map<String, Object> api = map(map(map(new Yaml().load(export.files().get(0).text())).get("services")).get("api-v2"));
        assertEquals("pa$$word$${HOME}$$$$", map(api.get("environment")).get("DB_PASSWORD"));
        assertEquals(List.of("--price=$$5"), api.get("command"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
