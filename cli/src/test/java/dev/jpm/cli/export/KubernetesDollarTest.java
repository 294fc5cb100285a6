package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** The kubelet reads $(NAME) and $$ in command, args and env values; jpm passes them as written. */
class KubernetesDollarTest {
    @TempDir
    Path temp;

    @Test
    void dollarsReachTheContainerAsWritten() throws Exception {
        Ecosystem every = ExportFixtures.everyKey(temp, ExportFixtures.GOLDEN_JAVA);
        List<AppSpec> apps = new ArrayList<>();
        for (AppSpec a : every.apps()) {
            Map<String, String> env = new TreeMap<>(a.env());
            env.put("DB_PASSWORD", "pa$$word$(PORT)");
            apps.add(new AppSpec(a.name(), a.jar(), List.of("--price=$(PORT)"), a.jvmArgs(), a.java(), a.cwd(), a.instances(), env,
                    a.restart(), a.cluster(), a.logs(), a.stop(), a.liveness(), a.jvm(), a.source()));
        }
        Export export = new KubernetesExporter().export(new Ecosystem(every.file(), apps),
                ExportFixtures.everyKeyOptions(ExportFixtures.GOLDEN_JAVA));
        Map<String, Object> container = null;
        for (ExportFile file : export.files()) {
            for (Object document : new Yaml().loadAll(file.text())) {
                Map<String, Object> object = map(document);
                if ("Deployment".equals(object.get("kind")) && "api-v2".equals(map(object.get("metadata")).get("name"))) {
                    container = map(((List<?>) map(map(map(object.get("spec")).get("template")).get("spec")).get("containers")).get(0));
                }
            }
        }
        List<?> env = (List<?>) container.get("env");
        Object password = env.stream().map(KubernetesDollarTest::map).filter(e -> "DB_PASSWORD".equals(e.get("name")))
                .findFirst().orElseThrow().get("value");
        assertEquals("pa$$$$word$$(PORT)", password);
        assertEquals(List.of("--price=$$(PORT)"), container.get("args"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
