package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.JvmSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each flag jpm adds by default or by a setting, and each user option that keeps jpm from adding it. */
class JvmFlagsTest {
    private static final JvmFlags.Paths PATHS = new JvmFlags.Paths("/h/logs/api-0-hs_err-%p.log", Path.of("/h/dumps/api"),
            Path.of("/h/logs/api-0-gc.log"), Path.of("/h/cds/api-0123456789abcdef.jsa"));
    private static final JvmFlags.Paths NO_CDS = new JvmFlags.Paths(PATHS.errorFile(), PATHS.heapDumps(), PATHS.gcLog(), null);
    private static final JvmSettings ALL_ON = new JvmSettings(true, 3, JvmSettings.Cds.AUTO, true);

    @Test
    void byDefaultExitOnOomAndAnErrorFilePerInstance() {
        assertEquals(List.of("-XX:+ExitOnOutOfMemoryError", "-XX:ErrorFile=/h/logs/api-0-hs_err-%p.log"),
                JvmFlags.of(List.of("-Xmx64m"), JvmSettings.DEFAULTS, PATHS));
    }

    @Test
    void everySettingOn() {
        assertEquals(List.of(
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:ErrorFile=/h/logs/api-0-hs_err-%p.log",
                "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=/h/dumps/api/",
                "-Xlog:gc*:file=\"/h/logs/api-0-gc.log\":time,uptime,level,tags:filecount=5,filesize=10m",
                "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=/h/cds/api-0123456789abcdef.jsa"), JvmFlags.of(List.of(), ALL_ON, PATHS));
    }

    @Test
    void cdsWithoutAnArchiveAddsNothing() {
        assertTrue(JvmFlags.of(List.of(), ALL_ON, NO_CDS).stream().noneMatch(f -> f.contains("Shared")));
    }

    @Test
    void anOomBehaviourTheUserChoseIsTheOnlyOne() {
        for (String chosen : List.of("-XX:+CrashOnOutOfMemoryError", "-XX:OnOutOfMemoryError=kill -9 %p",
                "-XX:+ExitOnOutOfMemoryError", "-XX:-ExitOnOutOfMemoryError")) {
            List<String> flags = JvmFlags.of(List.of(chosen), JvmSettings.DEFAULTS, PATHS);
            assertTrue(flags.stream().noneMatch(f -> f.contains("OutOfMemoryError")), () -> chosen + " gave " + flags);
        }
        // the default, written out, is no choice
        assertTrue(JvmFlags.of(List.of("-XX:-CrashOnOutOfMemoryError"), JvmSettings.DEFAULTS, PATHS)
                .contains("-XX:+ExitOnOutOfMemoryError"));
    }

    @Test
    void theUsersErrorFileHeapDumpAndCdsChoicesWin() {
        List<String> flags = JvmFlags.of(List.of("-XX:ErrorFile=/var/crash/hs_%p.log", "-XX:HeapDumpPath=/big/disk"), ALL_ON, PATHS);
        assertTrue(flags.stream().noneMatch(f -> f.startsWith("-XX:ErrorFile=") || f.startsWith("-XX:HeapDumpPath=")), flags::toString);
        assertTrue(flags.contains("-XX:+HeapDumpOnOutOfMemoryError"));

        assertTrue(JvmFlags.of(List.of("-XX:-HeapDumpOnOutOfMemoryError"), ALL_ON, PATHS).stream().noneMatch(f -> f.contains("HeapDump")));
        // the user asked for dumps too, without a place: they go to the app's dumps folder, not the cwd
        List<String> both = JvmFlags.of(List.of("-XX:+HeapDumpOnOutOfMemoryError"), ALL_ON, PATHS);
        assertTrue(both.contains("-XX:HeapDumpPath=/h/dumps/api/") && !both.contains("-XX:+HeapDumpOnOutOfMemoryError"), both::toString);
        for (String chosen : List.of("-Xshare:off", "-XX:SharedArchiveFile=/mine.jsa", "-XX:ArchiveClassesAtExit=/a.jsa")) {
            assertTrue(JvmFlags.of(List.of(chosen), ALL_ON, PATHS).stream().noneMatch(f -> f.contains("AutoCreateSharedArchive")), chosen);
        }
    }

    @Test
    void optionsFromTheAppsEnvironmentCountAsTheUsers() {
        List<String> user = JvmFlags.userOptions(List.of("-Xmx1g"),
                Map.of("JAVA_TOOL_OPTIONS", " -XX:+CrashOnOutOfMemoryError  -Dx=1", "JDK_JAVA_OPTIONS", "-XX:ErrorFile=/tmp/e.log"));
        assertEquals(List.of("-Xmx1g", "-XX:+CrashOnOutOfMemoryError", "-Dx=1", "-XX:ErrorFile=/tmp/e.log"), user);
        assertEquals(List.of(), JvmFlags.of(user, JvmSettings.DEFAULTS, PATHS));
    }
}
