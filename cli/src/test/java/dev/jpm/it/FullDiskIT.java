package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.NumberedLines;
import dev.jpm.protocol.wire.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full disk is survivable: JPM_HOME is a small tmpfs that a filler file fills. Rotation still
 * frees space with less free than the log's size, drops (visibly) what not even an archive has
 * room for, logging resumes by itself once the filler goes, and a daemon that cannot start on a
 * full disk says so. Mounting needs root; elsewhere the tests are skipped with the reason.
 *
 * <p>The harness keeps the CLI's output files in the home, which is the disk this test fills, so
 * the CLI is run here with its output on the real disk; clean-up stops every process by pid,
 * then unmounts.
 */
class FullDiskIT {
    private static final long COMMAND_TIMEOUT_S = 60;

    private Path home;
    private Path scratch;
    private final Set<Long> pids = new HashSet<>();

    @BeforeEach
    void mount() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: mounting a tmpfs as JPM_HOME needs root");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "jpm-full-");
        home = Files.createTempDirectory(Path.of("/tmp"), "jpm-tmpfs-");
        exec("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", home.toString());
    }

    @AfterEach
    void stopEverythingThenUnmount() throws Exception {
        if (home == null) {
            return;
        }
        try {
            Path pidFile = home.resolve("daemon.pid");
            if (Files.exists(pidFile)) {
                pids.add(Long.parseLong(Files.readString(pidFile).trim()));
            }
            for (long pid : pids) {
                exec("kill", "-CONT", Long.toString(pid));
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
                });
            }
        } finally {
            exec("umount", home.toString());
            Files.delete(home);
            try (var files = Files.walk(scratch)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void rotationFreesAFullDiskAndLoggingResumesOnceThereIsSpace() throws Exception {
        Path jar = FixtureJars.build(scratch, NumberedLines.class);
        Path yaml = Files.writeString(scratch.resolve("ecosystem.yaml"), "apps:\n  - name: chatty\n    jar: " + jar + "\n"
                + "    log_max_size: 256K\n    log_retain: 2\n    kill_timeout: 2s\n");
        jpm("start", yaml.toString()).expectOk();
        long app = appPid();
        long daemon = Long.parseLong(Files.readString(home.resolve("daemon.pid")).trim());
        pids.add(daemon);
        Path out = home.resolve("logs/chatty-0-out.log");
        Path newest = home.resolve("logs/chatty-0-out.log.1.gz");
        JpmHarness.await("a first rotation", 60_000, () -> Files.exists(newest));

        // 1. less free space than the log's size: a raw copy cannot be made, the archive can
        signal("STOP", daemon);
        JpmHarness.await("the log past 1 MB", 60_000, () -> size(out) > 1024 * 1024);
        signal("STOP", app);
        long logBefore = size(out);
        fill(home.resolve("filler-1"), 512 * 1024);
        long freeBefore = usable();
        assertTrue(freeBefore < logBefore, "less free (" + freeBefore + ") than the log (" + logBefore + ")");
        signal("CONT", daemon);
        // the truncate comes first, the archive's rename to .1.gz right after it
        JpmHarness.await("the 1 MB log rotated, whole, into 512 KB of free space", 20_000,
                () -> size(out) < logBefore && gunzippedSize(newest) >= logBefore);
        assertEquals(0L, droppedBytes(), "nothing dropped while the archive fit");
        System.out.println("FullDiskIT: a " + logBefore + "-byte log rotated with " + freeBefore + " bytes free into a "
                + Files.size(newest) + "-byte archive");
        signal("CONT", app);

        // 2. not a byte free, the log past its maximum: dropped, counted, and the disk frees
        signal("STOP", daemon);
        JpmHarness.await("the log past its maximum", 60_000, () -> size(out) > 300 * 1024);
        signal("STOP", app);
        fill(home.resolve("filler-2"), 0);
        assertEquals(0, usable(), "the disk is full");
        long full = size(out);
        signal("CONT", daemon);
        JpmHarness.await("the log dropped on a full disk", 20_000, () -> size(out) < full);
        long dropped = droppedBytes();
        assertTrue(dropped >= full, "describe shows the " + full + " bytes dropped: " + dropped);
        System.out.println("FullDiskIT: with 0 bytes free, a " + full + "-byte log was dropped; describe says " + dropped);
        signal("CONT", app);

        // 3. space back: new lines appear and rotation archives again, with no one's help
        Files.delete(home.resolve("filler-1"));
        Files.delete(home.resolve("filler-2"));
        long archivedBefore = Files.getLastModifiedTime(newest).toMillis();
        JpmHarness.await("new lines and a new archive", 60_000, () -> {
            try {
                return Files.getLastModifiedTime(newest).toMillis() > archivedBefore;
            } catch (IOException e) {
                return false;
            }
        });
        String describe = jpm("describe", "chatty").expectOk().out();
        assertTrue(describe.contains("log dropped"), describe);
        String daemonLog = Files.readString(home.resolve("daemon.log"));
        daemonLog.lines().filter(l -> l.contains("dropped")).forEach(l -> System.out.println("FullDiskIT: daemon.log: " + l));
        assertTrue(daemonLog.contains("the disk is full: dropped") || daemonLog.contains("lines of this log were dropped"),
                "daemon.log tells of the drop, or of its own lines it could not write then:\n" + daemonLog);
    }

    @Test
    void aDaemonThatCannotStartOnAFullDiskSaysTheDiskIsFull() throws Exception {
        fill(home.resolve("filler"), 0);

        JpmHarness.Result r = jpm("list");

        assertTrue(r.exitCode() == 8 || r.exitCode() == 7, "exit " + r.exitCode() + ": " + r.err());
        assertTrue(r.err().contains("the disk holding " + home + " is full"), r.err());
        System.out.println("FullDiskIT: exit " + r.exitCode() + ", " + r.err().trim());
    }

    /**
     * A heap dump bigger than the space left: the JVM stops at the full disk, jpm removes the
     * incomplete file (no tool reads it, and it holds the space) and says the disk is full, exit 8;
     * with the space back, the next dump is whole.
     */
    @Test
    void aHeapDumpThatDoesNotFitIsRemovedAndTheDiskNamedFull() throws Exception {
        Path jar = FixtureJars.build(scratch, dev.jpm.it.fixtures.Sleeper.class);
        Path yaml = Files.writeString(scratch.resolve("ecosystem.yaml"), "apps:\n  - name: sleeper\n    jar: " + jar + "\n"
                + "    kill_timeout: 2s\n");
        jpm("start", yaml.toString()).expectOk();
        appPid();
        pids.add(Long.parseLong(Files.readString(home.resolve("daemon.pid")).trim()));
        fill(home.resolve("filler"), 512 * 1024);

        JpmHarness.Result full = jpm("heapdump", "sleeper");

        assertEquals(8, full.exitCode(), full.out() + full.err());
        assertTrue(full.err().contains("is full") && full.err().contains("No space left on device"), full.err());
        try (var left = Files.list(home.resolve("dumps/sleeper"))) {
            assertEquals(0, left.count(), "the incomplete dump was removed");
        }
        System.out.println("FullDiskIT: " + full.err().trim());
        Files.delete(home.resolve("filler"));
        assertTrue(jpm("heapdump", "sleeper").expectOk().out().contains("✓ heap dump of sleeper#0"));
    }

    /** Writes {@code file} until only {@code leave} bytes are free (0: until the disk refuses). */
    private void fill(Path file, long leave) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                long room = usable() - leave;
                if (leave > 0 && room <= 0) {
                    return;
                }
                out.write(block, 0, (int) Math.min(block.length, leave > 0 ? room : block.length));
                out.flush();
            }
        } catch (IOException e) {
            if (leave > 0 || !e.getMessage().contains("No space left")) {
                throw e;
            }
        }
    }

    private long usable() throws IOException {
        return Files.getFileStore(home).getUsableSpace();
    }

    private long appPid() throws Exception {
        List<Map<String, Object>> rows = rows(jpm("list", "--json").expectOk().out());
        long pid = (Long) rows.get(0).get("pid");
        pids.add(pid);
        return pid;
    }

    private long droppedBytes() throws Exception {
        List<Map<String, Object>> rows = rows(jpm("describe", "chatty", "--json").expectOk().out());
        return (Long) rows.get(0).get("log_bytes_dropped");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(String json) {
        return (List<Map<String, Object>>) Json.parse(json.trim());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** What the archive holds; 0 while it is being renamed into place. */
    private static long gunzippedSize(Path archive) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return 0;
        }
    }

    private static void signal(String name, long pid) throws Exception {
        exec("kill", "-" + name, Long.toString(pid));
    }

    private JpmHarness.Result jpm(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JpmHarness.java(), "-cp",
                Path.of(System.getProperty("jpm.jar", "target/jpm.jar")).toAbsolutePath().toString(), "dev.jpm.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JPM_HOME", home.toString());
        pb.environment().put("NO_COLOR", "1");
        Path stdout = Files.createTempFile(scratch, "out", ".txt");
        Path stderr = Files.createTempFile(scratch, "err", ".txt");
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jpm " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT_S + " s");
        }
        return new JpmHarness.Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
