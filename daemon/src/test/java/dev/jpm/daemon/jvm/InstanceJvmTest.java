package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.JvmSettings;
import dev.jpm.protocol.home.JavaRelease;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folders the JVM is pointed at are private before it starts, and cds: auto follows the app's JDK. */
class InstanceJvmTest {
    @TempDir
    Path dir;

    private AppSpec spec(String java, JvmSettings jvm) throws IOException {
        Path jar = Files.writeString(dir.resolve("api.jar"), "jar");
        return new AppSpec("api", jar.toString(), null, null, java, dir.toString(), 1, null, null, null, null, null, null, jvm, null);
    }

    private JpmHome home() throws IOException {
        JpmHome home = new JpmHome(dir.resolve("home"));
        PathSafety.preparePrivateFolders(home);
        return home;
    }

    @Test
    void heapDumpsGoToAnOwnerOnlyFolderPerApp() throws Exception {
        JpmHome home = home();
        List<String> flags = new InstanceJvm(home).flags(spec("/bin/java", new JvmSettings(true, 3, JvmSettings.Cds.OFF, false)), 4, Map.of());
        assertTrue(flags.contains("-XX:HeapDumpPath=" + home.dumpsDir("api") + "/"), flags::toString);
        assertTrue(flags.contains("-XX:ErrorFile=" + home.logsDir().resolve("api-4-hs_err-%p.log")), flags::toString);
        for (Path folder : List.of(home.dumpsDir("api"), home.dumpsDir("api").getParent())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)), folder::toString);
        }
    }

    @Test
    void aDumpsFolderOpenToOthersIsRefused() throws Exception {
        JpmHome home = home();
        Files.createDirectories(home.dumpsDir("api"));
        Files.setPosixFilePermissions(home.dumpsDir("api"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThrows(PathSafety.UnsafePathException.class,
                () -> new InstanceJvm(home).flags(spec("/bin/java", new JvmSettings(true, 3, JvmSettings.Cds.OFF, false)), 0, Map.of()));
    }

    @Test
    void cdsAutoOnThisJdkFollowsItsVersion() throws Exception {
        JpmHome home = home();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> flags = new InstanceJvm(home).flags(spec(java, new JvmSettings(false, 3, JvmSettings.Cds.AUTO, false)), 0, Map.of());
        boolean supported = CdsArchive.supported(JavaRelease.feature(JavaRelease.version(java).orElseThrow()));
        assertEquals(supported, flags.contains("-XX:+AutoCreateSharedArchive"), flags::toString);
        assertEquals(supported, Files.isDirectory(home.cdsDir()));
    }

    @Test
    void cdsAutoOnAJdk25MakesThePrivateArchiveFolder() throws Exception {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(jdk25), "no JDK 25 here");
        JpmHome home = home();
        List<String> flags = new InstanceJvm(home).flags(spec(jdk25.toString(), new JvmSettings(false, 3, JvmSettings.Cds.AUTO, false)), 0,
                Map.of());
        String archive = flags.stream().filter(f -> f.startsWith("-XX:SharedArchiveFile=")).findFirst().orElseThrow();
        assertTrue(archive.startsWith("-XX:SharedArchiveFile=" + home.cdsDir() + "/api-"), archive);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.cdsDir())));
        assertFalse(Files.exists(home.dumpsDir("api")), "no heap dumps asked for");
    }
}
