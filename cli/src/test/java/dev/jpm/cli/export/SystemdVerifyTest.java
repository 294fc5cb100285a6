package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.Ecosystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units pass {@code systemd-analyze verify}, which also checks that ExecStart='s program
 * exists and is executable: the fixtures' java is the JVM running this test (the demo's default
 * java, and every-key's {@code bin/java}, a link to it). A template cannot be verified alone, so
 * each is verified as one of its instances, under the instance's file name.
 */
class SystemdVerifyTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void systemdAnalyze() {
        ExternalTools.require("systemd-analyze", "install systemd (apt-get install systemd)");
    }

    @Test
    void theDemosUnitPassesVerify() throws Exception {
        Ecosystem demo = ExportFixtures.demo(temp, ExportFixtures.REAL_JAVA);
        verifyAll(new SystemdExporter().export(demo, ExportFixtures.demoOptions(ExportFixtures.REAL_JAVA)), 1);
    }

    @Test
    void everyKeysUnitsPassVerify() throws Exception {
        Ecosystem everyKey = ExportFixtures.everyKey(temp, ExportFixtures.REAL_JAVA);
        verifyAll(new SystemdExporter().export(everyKey, ExportFixtures.everyKeyOptions(ExportFixtures.REAL_JAVA)), 3);
    }

    /** The check itself can fail: verify exits 0 on an unknown key, so any output counts as a failure. */
    @Test
    void verifyReportsAnUnknownKeyAndAMissingProgram() throws Exception {
        Path unit = temp.resolve("broken@1.service");
        Files.writeString(unit, "[Service]\nExecStart=" + temp.resolve("no-such-java") + " -jar x.jar\nKillSignl=SIGINT\n");
        ProcessRun run = verify(unit);
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("KillSignl"), run.output());
        assertTrue(run.output().contains("no-such-java"), run.output());
    }

    private void verifyAll(Export export, int units) throws Exception {
        assertEquals(units, export.files().size());
        for (ExportFile file : export.files()) {
            assertTrue(file.name().endsWith("@.service"), file.name());
            Path instance = temp.resolve(file.name().replace("@.service", "@8081.service"));
            Files.writeString(instance, file.text());
            ProcessRun run = verify(instance);
            assertEquals(0, run.exit(), file.name() + ":\n" + run.output());
            assertEquals("", run.output().strip(), file.name() + ": verify has remarks:\n" + run.output());
        }
    }

    private ProcessRun verify(Path unit) throws Exception {
        return ProcessRun.of(List.of("systemd-analyze", "verify", unit.toString()), temp, 60);
    }
}
