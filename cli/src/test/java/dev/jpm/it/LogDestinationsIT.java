package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.NumberedLines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** out_file, err_file, log_date_format and ${INSTANCE_ID} with a real daemon and real instances. */
class LogDestinationsIT {
    private static final Pattern LISTENING = Pattern.compile("demo-app listening on port \\d+ \\(pid (\\d+)\\)");

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    /** Outside JPM_HOME, where an out_file must be; private, as a log folder must be. */
    private Path logs;

    @BeforeEach
    void logFolder() throws IOException {
        logs = Files.createTempDirectory(Path.of("/tmp"), "jpm-it-logs-");
    }

    @AfterEach
    void removeLogFolder() throws IOException {
        try (Stream<Path> all = Files.walk(logs)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path yaml(String app) throws IOException {
        return Files.writeString(jpm.home().resolve("ecosystem.yaml"), "apps:\n" + app);
    }

    @Test
    void devNullKeepsNoFileTheAppRunsAndLogsSaysSo() throws Exception {
        Path yaml = yaml("  - name: quiet\n    jar: " + JpmHarness.demoJar() + "\n    port: " + freePort()
                + "\n    host: 127.0.0.1\n    out_file: /dev/null\n");
        jpm.jpm("start", yaml.toString()).expectOk();

        assertEquals("online", jpm.list().get(0).get("status"));
        assertFalse(Files.exists(jpm.home().resolve("logs/quiet-0-out.log")), "no out file");
        assertTrue(Files.exists(jpm.home().resolve("logs/quiet-0-err.log")), "err is still kept, in jpm's file");
        String shown = jpm.jpm("logs", "quiet", "--nostream").expectOk().out();
        assertTrue(shown.contains("quiet's stdout is not kept: its out_file is /dev/null"), shown);
        String describe = jpm.jpm("describe", "quiet").expectOk().out();
        assertTrue(describe.contains("/dev/null (not kept)"), describe);
        jpm.jpm("flush", "quiet").expectOk();
    }

    /**
     * Two demo instances, each with its own out file and its own GC log through jvm_args: the
     * demo's start line, with that instance's pid, is in its file and nowhere else.
     */
    @Test
    void instanceIdGivesEachInstanceItsOwnFiles() throws Exception {
        Path yaml = yaml("  - name: demo\n    jar: " + JpmHarness.demoJar() + "\n    instances: 2\n    port: " + freePort()
                + "\n    host: 127.0.0.1\n    out_file: " + logs + "/demo-${INSTANCE_ID}.out.log\n"
                + "    jvm_args: [\"-Xlog:gc:file=" + logs + "/gc-${INSTANCE_ID}.log\"]\n");
        jpm.jpm("start", yaml.toString()).expectOk();

        List<Long> pids = jpm.list().stream().sorted(Comparator.comparing(r -> (Long) r.get("instance")))
                .map(r -> (Long) r.get("pid")).toList();
        for (int index = 0; index < 2; index++) {
            Path out = logs.resolve("demo-" + index + ".out.log");
            JpmHarness.await(out + " has the start line", 30_000, () -> read(out).contains("listening"));
            Matcher m = LISTENING.matcher(read(out));
            assertTrue(m.find(), read(out));
            assertEquals(pids.get(index), Long.parseLong(m.group(1)), "instance " + index + "'s own output");
            assertTrue(Files.exists(logs.resolve("gc-" + index + ".log")), "its own GC log");
        }
        assertFalse(Files.exists(jpm.home().resolve("logs/demo-0-out.log")));
        String describe = jpm.jpm("describe", "demo").expectOk().out();
        assertTrue(describe.contains(logs + "/demo-1.out.log"), describe);
        assertTrue(jpm.jpm("logs", "demo", "--nostream").expectOk().out().contains("demo-app listening"));
    }

    @Test
    void aFileOutsideTheHomeRotatesAtLogMaxSizeBesideItself() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), NumberedLines.class);
        Path yaml = yaml("  - name: counter\n    jar: " + jar + "\n    instances: 2\n    out_file: " + logs
                + "/counter-${INSTANCE_ID}.log\n    log_max_size: 64K\n    log_retain: 3\n");
        jpm.jpm("start", yaml.toString()).expectOk();

        for (int index = 0; index < 2; index++) {
            Path out = logs.resolve("counter-" + index + ".log");
            JpmHarness.await(out + " rotated", 60_000, () -> Files.exists(logs.resolve(out.getFileName() + ".2.gz")));
        }
        jpm.jpm("stop", "counter").expectOk();
        try (Stream<Path> files = Files.list(logs)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".4.gz")), "log_retain 3: " + names);
        }
    }

    @Test
    void logDateFormatStampsEveryLine() throws Exception {
        Path yaml = yaml("  - name: stamped\n    jar: " + JpmHarness.demoJar() + "\n    port: " + freePort()
                + "\n    host: 127.0.0.1\n    log_date_format: yyyy-MM-dd HH:mm:ss.SSS\n");
        jpm.jpm("start", yaml.toString()).expectOk();
        Path out = jpm.home().resolve("logs/stamped-0-out.log");

        JpmHarness.await("the start line", 30_000, () -> read(out).contains("listening"));
        String line = read(out).lines().filter(l -> l.contains("listening")).findFirst().orElseThrow();
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} demo-app listening on port .*"), line);

        String describe = jpm.jpm("describe", "stamped").expectOk().out();
        assertTrue(describe.contains("yyyy-MM-dd HH:mm:ss.SSS (log_date_format)"), describe);
        jpm.jpm("stop", "stamped").expectOk();
        assertTrue(read(out).contains("demo-app stopped"), "the last line, written as the instance exits, is kept too: " + read(out));
    }

    /**
     * The daemon stamps through a named pipe: killed with kill -9, the next daemon re-adopts the
     * instance, reads the same pipe again, and the instance's new lines arrive stamped.
     */
    @Test
    void aNewDaemonGoesOnStampingTheLinesOfTheInstanceItAdopts() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), NumberedLines.class);
        Path yaml = yaml("  - name: counter\n    jar: " + jar + "\n    log_date_format: HH:mm:ss.SSS\n    log_max_size: 100M\n");
        jpm.jpm("start", yaml.toString()).expectOk();
        Path out = jpm.home().resolve("logs/counter-0-out.log");
        JpmHarness.await("lines", 30_000, () -> read(out).length() > 10_000);
        long pid = (Long) jpm.list().get(0).get("pid");

        long daemon = jpm.daemonPid();
        ProcessHandle.of(daemon).orElseThrow().destroyForcibly();
        ProcessHandle.of(daemon).orElseThrow().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        long before = Files.size(out);
        assertEquals(pid, jpm.list().get(0).get("pid"), "the same process, re-adopted");
        JpmHarness.await("lines after the new daemon came", 30_000, () -> {
            try {
                return Files.size(out) > before + 10_000;
            } catch (IOException e) {
                return false;
            }
        });
        List<String> last = read(out).lines().toList();
        String line = last.get(last.size() - 2);
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} pid=" + pid + " n=\\d+ .*"), line);
        try (Stream<Path> files = Files.list(jpm.home().resolve("logs"))) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".pipe")).count(), "its out and err pipes, read again, none new");
        }
        jpm.jpm("stop", "counter").expectOk();
        JpmHarness.await("the pipe deleted once its instance has gone", 10_000, () -> {
            try (Stream<Path> files = Files.list(jpm.home().resolve("logs"))) {
                return files.noneMatch(f -> f.toString().endsWith(".pipe"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void aSymlinkedOutFileIsRefusedAndTheDaemonRunsOn() throws Exception {
        Path precious = Files.writeString(logs.resolve("precious.txt"), "keep me\n");
        Files.createSymbolicLink(logs.resolve("linked.log"), precious);
        Path yaml = yaml("  - name: linked\n    jar: " + JpmHarness.demoJar() + "\n    port: " + freePort()
                + "\n    host: 127.0.0.1\n    out_file: " + logs + "/linked.log\n    max_restarts: 0\n");

        JpmHarness.Result refused = jpm.jpm("start", yaml.toString());

        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains(logs + "/linked.log is a symlink"), refused.err());
        assertEquals("keep me\n", Files.readString(precious));
        Long daemon = jpm.daemonPid();
        assertTrue(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "the daemon runs on");
        jpm.jpm("list").expectOk();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
