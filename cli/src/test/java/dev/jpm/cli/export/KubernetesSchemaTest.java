package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.Ecosystem;
import dev.jpm.protocol.wire.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes output validated offline against the API's own schemas, as bundled by the npm
 * package kubernetes-models (validate-kubernetes.js). .ci/run installs it into bench/.tools; when it
 * is missing but npm is there, this test installs it the same way.
 */
class KubernetesSchemaTest {
    private static final Path TOOLS = Path.of("..", "bench", ".tools").toAbsolutePath().normalize();
    private static final Path MODELS = TOOLS.resolve("node_modules/kubernetes-models");

    @TempDir
    Path temp;

    @BeforeAll
    static void kubernetesModels() throws Exception {
        ExternalTools.require("node", "install nodejs (apt-get install nodejs npm)");
        if (Files.isDirectory(MODELS)) {
            return;
        }
        ExternalTools.require("npm", "install npm (apt-get install npm)");
        Files.createDirectories(TOOLS);
        ProcessRun install = ProcessRun.of(List.of("npm", "install", "--prefix", TOOLS.toString(), "--no-audit", "--no-fund",
                "kubernetes-models"), TOOLS, 300);
        assertEquals(0, install.exit(), "npm install kubernetes-models failed:\n" + install.output());
    }

    @Test
    void theDemosManifestsAreValid() throws Exception {
        Ecosystem demo = ExportFixtures.demo(temp, ExportFixtures.GOLDEN_JAVA);
        assertValid(new KubernetesExporter().export(demo, ExportFixtures.demoOptions(ExportFixtures.GOLDEN_JAVA)), 3);
    }

    @Test
    void everyKeysManifestsAreValid() throws Exception {
        Ecosystem everyKey = ExportFixtures.everyKey(temp, ExportFixtures.GOLDEN_JAVA);
        // 3 Deployments, 2 Services (my_worker has no port), 3 PodDisruptionBudgets
        assertValid(new KubernetesExporter().export(everyKey, ExportFixtures.everyKeyOptions(ExportFixtures.GOLDEN_JAVA)), 8);
    }

    /** The check itself can fail: a wrong type and a field the API does not have are both caught. */
    @Test
    void theValidatorRejectsAWrongTypeAndAnUnknownField() throws Exception {
        Map<String, Object> broken = Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "broken"),
                "spec", Map.of("replicas", "two", "selector", Map.of(), "template", Map.of("spec", Map.of("containers",
                        List.of(Map.of("name", "a", "image", "a", "lifecycle", Map.of("preStp", Map.of())))))));
        ProcessRun run = validate(List.of(broken));
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("replicas must be integer"), run.output());
        assertTrue(run.output().contains("/lifecycle/preStp: no such field"), run.output());
    }

    private void assertValid(Export export, int objects) throws Exception {
        List<Object> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(export.files().get(0).text())) {
            if (document != null) {
                documents.add(document);
            }
        }
        assertEquals(objects, documents.size());
        ProcessRun run = validate(documents);
        assertEquals(0, run.exit(), run.output());
        assertEquals(objects, run.output().lines().filter(line -> line.startsWith("valid ")).count(), run.output());
    }

    private ProcessRun validate(List<Object> documents) throws Exception {
        Path objects = temp.resolve("objects.json");
        Files.writeString(objects, Json.write(documents));
        Path script = temp.resolve("validate-kubernetes.js");
        try (InputStream in = getClass().getResourceAsStream("/export/validate-kubernetes.js")) {
            Files.copy(in, script);
        }
        return ProcessRun.of(List.of("node", script.toString(), TOOLS.resolve("node_modules").toString(), objects.toString()), temp, 60);
    }
}
