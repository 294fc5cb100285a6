package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jpm.protocol.ecosystem.Ecosystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every target's output for the demo and for every-key.yaml, compared whole with the files under
 * src/test/resources/export/. After an intended change, regenerate them with
 * {@code -Djpm.export.regenerate=true} and read the diff before committing it.
 */
class ExportGoldenTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "export");
    private static final boolean REGENERATE = Boolean.getBoolean("jpm.export.regenerate");

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(ExportTarget.class)
    void theDemo(ExportTarget target) throws Exception {
        Ecosystem demo = ExportFixtures.demo(temp, ExportFixtures.GOLDEN_JAVA);
        compare("demo", target.exporter().export(demo, ExportFixtures.demoOptions(ExportFixtures.GOLDEN_JAVA)));
    }

    @ParameterizedTest
    @EnumSource(ExportTarget.class)
    void everyKey(ExportTarget target) throws Exception {
        Ecosystem everyKey = ExportFixtures.everyKey(temp, ExportFixtures.GOLDEN_JAVA);
        compare("every-key", target.exporter().export(everyKey, ExportFixtures.everyKeyOptions(ExportFixtures.GOLDEN_JAVA)));
    }

    private void compare(String fixture, Export export) throws Exception {
        assertFalse(export.files().isEmpty());
        for (ExportFile file : export.files()) {
            Path golden = GOLDEN.resolve(fixture).resolve(file.name());
            String actual = ExportFixtures.normalized(file.text(), temp);
            if (REGENERATE) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            String expected;
            try {
                expected = Files.readString(golden, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new AssertionError("no golden file " + golden.toAbsolutePath() + "; run with -Djpm.export.regenerate=true", e);
            }
            assertEquals(expected, actual, "differs from " + golden + " (regenerate with -Djpm.export.regenerate=true if intended)");
        }
    }
}
