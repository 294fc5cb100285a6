package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.JvmSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.home.PathSafety;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only what a run wrote itself counts: output after its start offsets, files newer than its start. */
class ExitForensicsTest {
    @TempDir
    Path dir;

    @Test
    void readsOnlyTheRunsOwnOutputAndTrimsTheDumpsToDumpRetain() throws Exception {
        JpmHome home = new JpmHome(dir.resolve("home"));
        PathSafety.preparePrivateFolders(home);
        PathSafety.createOrRequirePrivate(home.dumpsDir("api").getParent());
        PathSafety.createOrRequirePrivate(home.dumpsDir("api"));
        Path older = Files.writeString(home.dumpsDir("api").resolve("java_pid1111.hprof"), "JAVA PROFILE 1.0.2");
        Files.setLastModifiedTime(older, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path out = home.logFile("api", 0, LogStream.OUT);
        Files.writeString(out, "Terminating due to java.lang.OutOfMemoryError: an earlier run's\n");
        ExitForensics forensics = new ExitForensics(home);
        AppSpec spec = new AppSpec("api", "/srv/api.jar", null, null, "/bin/java", "/srv", 1, null, null, null, null, null, null,
                new JvmSettings(true, 1, JvmSettings.Cds.OFF, false), null);

        ExitForensics.Run run = forensics.began(out, home.logFile("api", 0, LogStream.ERR), 4242, System.currentTimeMillis());
        assertEquals(Optional.empty(), forensics.cause(spec, 0, run, 1), "the earlier run's words are not this one's");

        Files.writeString(out, "started\nTerminating due to java.lang.OutOfMemoryError: Java heap space\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(home.logFile("api", 0, LogStream.ERR), "Exception in thread \"main\" java.lang.IllegalStateException\n");
        Path dump = Files.writeString(home.dumpsDir("api").resolve("java_pid4242.hprof"), "JAVA PROFILE 1.0.2");
        assertEquals(Optional.of("OutOfMemoryError: Java heap space; heap dump " + dump), forensics.cause(spec, 0, run, 3));
        // dump_retain 1: the run's own dump stays, the older one goes
        assertTrue(Files.exists(dump));
        assertFalse(Files.exists(older));
    }

    @Test
    void anOutFileIsReadWhereTheRunWroteNotTheDefaultLog() throws Exception {
        JpmHome home = new JpmHome(dir.resolve("home"));
        PathSafety.preparePrivateFolders(home);
        // out_file: /srv/logs/api.out and err_file: /dev/null; the default log holds an older run's OOM
        Path outFile = Files.writeString(dir.resolve("api.out"), "an earlier run, before out_file was set\n");
        Files.writeString(home.logFile("api", 0, LogStream.OUT), "Terminating due to java.lang.OutOfMemoryError: an earlier run's\n");
        ExitForensics forensics = new ExitForensics(home);
        AppSpec spec = new AppSpec("api", "/srv/api.jar", null, null, "/bin/java", "/srv", 1, null, null, null, null, null, null,
                new JvmSettings(false, 1, JvmSettings.Cds.OFF, false), null);

        ExitForensics.Run run = forensics.began(outFile, null, 4242, System.currentTimeMillis());
        assertEquals(Optional.empty(), forensics.cause(spec, 0, run, 3), "the default log is some other run's");
        Files.writeString(outFile, "Terminating due to java.lang.OutOfMemoryError: Java heap space\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Optional.of("OutOfMemoryError: Java heap space"), forensics.cause(spec, 0, run, 3));
    }

    @Test
    void anOutFileTheAppsInstancesShareIsNotReadForOneOfThem() throws Exception {
        Path file = dir.resolve("api.out");
        AppSpec shared = new AppSpec("api", "/srv/api.jar", null, null, "/bin/java", "/srv", 4, null, null, null,
                new dev.jpm.protocol.ecosystem.LogSettings(1024, 1, file.toString(), null, null), null, null, null, null);
        assertEquals(null, ExitForensics.ownLog(shared, LogStream.OUT, file), "another instance's OOM words would be taken for this one's");
        assertEquals(dir.resolve("err.log"), ExitForensics.ownLog(shared, LogStream.ERR, dir.resolve("err.log")), "the default err log is its own");
        AppSpec perInstance = new AppSpec("api", "/srv/api.jar", null, null, "/bin/java", "/srv", 4, null, null, null,
                new dev.jpm.protocol.ecosystem.LogSettings(1024, 1, dir.resolve("api-${INSTANCE_ID}.out").toString(), null, null),
                null, null, null, null);
        Path own = dir.resolve("api-2.out");
        assertEquals(own, ExitForensics.ownLog(perInstance, LogStream.OUT, own));
        AppSpec single = new AppSpec("api", "/srv/api.jar", null, null, "/bin/java", "/srv", 1, null, null, null,
                new dev.jpm.protocol.ecosystem.LogSettings(1024, 1, file.toString(), null, null), null, null, null, null);
        assertEquals(file, ExitForensics.ownLog(single, LogStream.OUT, file));
    }

    @Test
    void aRotatedErrLogIsReadFromItsStart() throws Exception {
        Path err = Files.writeString(dir.resolve("err.log"), "one\ntwo\n");
        assertEquals(List.of("one", "two"), ExitForensics.linesSince(err, 10_000));
        assertEquals(List.of("two"), ExitForensics.linesSince(err, 4));
        assertEquals(List.of(), ExitForensics.linesSince(dir.resolve("none.log"), 0));
    }
}
