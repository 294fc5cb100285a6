package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Moving to Kubernetes" shows the demo's manifests exactly as the export writes them (its golden file). */
class ExportReadmeTest {
    @Test
    void theReadmeShowsTheDemosManifestsAsExported() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String golden = Files.readString(Path.of("src", "test", "resources", "export", "demo", "kubernetes.yaml"));
        assertTrue(readme.contains("```yaml\n" + golden + "```\n"),
                "README.md's Kubernetes example differs from src/test/resources/export/demo/kubernetes.yaml: copy the file over it");
    }
}
