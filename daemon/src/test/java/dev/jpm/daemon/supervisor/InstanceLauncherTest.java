package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLauncherTest {
    private static final AppSpec SPEC = new AppSpec("api", "/srv/api.jar",
            List.of("--server.port=${PORT}", "--port", "${PORT}", "--gc=gc-${INSTANCE_ID}.log"),
            List.of("-Dport=${PORT}", "-Xmx64m", "-Dcom.sun.management.jmxremote.port=90${INSTANCE_ID}"),
            "/usr/bin/java", "/srv", 1, null, null, null, null, null, null, null, null);

    @TempDir
    Path tmp;

    @Test
    void portAndInstanceIdAreSubstitutedInArgsAndJvmArgs() {
        assertEquals(List.of("/usr/bin/java", "-XX:+ExitOnOutOfMemoryError", "-Dport=41000", "-Xmx64m",
                "-Dcom.sun.management.jmxremote.port=903", "-jar", "/srv/api.jar", "--server.port=41000", "--port", "41000",
                "--gc=gc-3.log"), InstanceLauncher.command(SPEC, List.of("-XX:+ExitOnOutOfMemoryError"), 3, 41000));
    }

    @Test
    void withoutAPortThePortPlaceholderStaysAndTheInstanceIdIsStillReplaced() {
        List<String> command = InstanceLauncher.command(SPEC, List.of(), 0, null);
        assertEquals("--server.port=${PORT}", command.get(6));
        assertEquals("--gc=gc-0.log", command.get(9));
    }

    @Test
    void everyOccurrenceIsReplaced() {
        assertEquals("7-7:8080", InstanceLauncher.substitute("${INSTANCE_ID}-${INSTANCE_ID}:${PORT}", 7, 8080));
        assertEquals("${INSTANCE_ID", InstanceLauncher.substitute("${INSTANCE_ID", 7, 8080), "an unclosed placeholder is text");
    }

    /**
     * A real launch (sh stands in for java: "-jar" becomes its $0) with the env and the out file
     * both naming the instance: the env value is substituted, the output lands in that instance's
     * own file, and stderr, sent to /dev/null, leaves no file.
     */
    @Test
    void aLaunchSubstitutesEnvValuesAndWritesToTheInstancesOwnFile() throws Exception {
        JpmHome home = new JpmHome(tmp.resolve("home"));
        PathSafety.preparePrivateFolders(home);
        Path logs = Files.createDirectory(tmp.resolve("app-logs"));
        // a "java" that drops the -XX flags jpm puts first (JvmFlags) and runs the rest as sh would
        Path java = Files.writeString(tmp.resolve("java"),
                "#!/bin/sh\nwhile [ \"${1#-XX}\" != \"$1\" ]; do shift; done\nexec /bin/sh \"$@\"\n");
        java.toFile().setExecutable(true);
        AppSpec spec = new AppSpec("api", "/srv/api.jar", List.of(),
                List.of("-c", "echo \"$JPM_INSTANCE_ID $GC_LOG\"; echo to-err >&2"), java.toString(), tmp.toString(), 2,
                Map.of("GC_LOG", "gc-${INSTANCE_ID}.log"), null, null,
                new LogSettings(1024, 1, logs.resolve("out-${INSTANCE_ID}.log").toString(), LogSettings.DISCARD, null),
                null, null, null, null);

        Process process = new InstanceLauncher(home, new dev.jpm.daemon.logs.StampedOutput(home)).launch(spec, 12, 1, null);
        try {
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }

        assertEquals("1 gc-1.log\n", Files.readString(logs.resolve("out-1.log")));
        assertFalse(Files.exists(home.logFile("api", 12, dev.jpm.protocol.home.LogStream.ERR)));
        assertEquals(List.of(logs.resolve("out-1.log")), Files.list(logs).toList());
    }

    @Test
    void aSymlinkedOutFileIsRefusedBeforeAnyProcessStarts() throws IOException {
        JpmHome home = new JpmHome(tmp.resolve("home"));
        PathSafety.preparePrivateFolders(home);
        Path logs = Files.createDirectory(tmp.resolve("app-logs"));
        Path target = Files.writeString(tmp.resolve("precious"), "keep me\n");
        Files.createSymbolicLink(logs.resolve("out-0.log"), target);
        AppSpec spec = new AppSpec("api", "/srv/api.jar", List.of(), List.of("-c", "echo written"), "/bin/sh", tmp.toString(), 1,
                null, null, null, new LogSettings(1024, 1, logs.resolve("out-${INSTANCE_ID}.log").toString(), null, null),
                null, null, null, null);

        IOException refused = assertThrows(IOException.class, () -> new InstanceLauncher(home, new dev.jpm.daemon.logs.StampedOutput(home)).launch(spec, 0, 0, null));

        assertTrue(refused.getMessage().contains("is a symlink"), refused.getMessage());
        assertEquals("keep me\n", Files.readString(target));
    }

    @Test
    void aLogFolderOthersMayWriteIsRefused() throws IOException {
        JpmHome home = new JpmHome(tmp.resolve("home"));
        PathSafety.preparePrivateFolders(home);
        Path logs = Files.createDirectory(tmp.resolve("shared-logs"));
        Files.setPosixFilePermissions(logs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        AppSpec spec = new AppSpec("api", "/srv/api.jar", List.of(), List.of("-c", "true"), "/bin/sh", tmp.toString(), 1,
                null, null, null, new LogSettings(1024, 1, logs.resolve("out.log").toString(), null, null),
                null, null, null, null);

        IOException refused = assertThrows(IOException.class, () -> new InstanceLauncher(home, new dev.jpm.daemon.logs.StampedOutput(home)).launch(spec, 0, 0, null));

        assertTrue(refused.getMessage().contains("is writable by others"), refused.getMessage());
        assertFalse(Files.exists(logs.resolve("out.log")));
    }
}
