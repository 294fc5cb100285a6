package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every kind of bad input gets a clear message and a non-zero exit, and the daemon keeps running. */
class BadInputIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();
    private long daemonPid;

    @BeforeEach
    void setUp() throws Exception {
        jpm.jpm("ping").expectOk();
        daemonPid = jpm.daemonPid();
    }

    /** The same daemon still answers: nothing the test sent took it down. */
    private void assertDaemonStillRuns() throws Exception {
        jpm.jpm("ping").expectOk();
        assertEquals(daemonPid, jpm.daemonPid());
    }

    private JpmHarness.Result startYaml(String text) throws Exception {
        Path file = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(file, text);
        return jpm.jpm("start", file.toString());
    }

    private String sleeperJar() throws Exception {
        return FixtureJars.build(jpm.home(), Sleeper.class).toString();
    }

    @Test
    void unknownKeyNamesFileLineColumnAndTheNearestKey() throws Exception {
        JpmHarness.Result r = startYaml("apps:\n  - name: api\n    jar: " + sleeperJar() + "\n    max_restart: 3\n");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("ecosystem.yaml:4:5"), r.err());
        assertTrue(r.err().contains("unknown key 'max_restart'"), r.err());
        assertTrue(r.err().contains("did you mean 'max_restarts'"), r.err());
        assertTrue(jpm.list().isEmpty());
        assertDaemonStillRuns();
    }

    @Test
    void wrongTypeMissingFieldsAndBadValuesAreRefused() throws Exception {
        String jar = sleeperJar();
        List<String[]> cases = List.of(
                new String[] {"apps:\n  - name: api\n    jar: " + jar + "\n    instances: two\n", "instances"},
                new String[] {"apps:\n  - jar: " + jar + "\n", "name"},
                new String[] {"apps:\n  - name: api\n", "jar"},
                new String[] {"apps:\n  - name: api\n    jar: /nowhere/app.jar\n", "jar not found"},
                new String[] {"apps:\n  - name: api\n    jar: " + jar + "\n  - name: api\n    jar: " + jar + "\n", "api"},
                new String[] {"apps:\n  - name: api\n    jar: " + jar + "\n    instances: -2\n", "instances"},
                new String[] {"apps:\n  - name: ../x\n    jar: " + jar + "\n", "name"},
                new String[] {"- just\n- a list\n", "mapping"},
                new String[] {"", "empty"},
                new String[] {"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\napps: []\n", "alias"});
        for (String[] c : cases) {
            JpmHarness.Result r = startYaml(c[0]);
            assertEquals(2, r.exitCode(), "for:\n" + c[0] + "\n" + r.err());
            assertTrue(r.err().contains("ecosystem.yaml"), "names the file: " + r.err());
            assertTrue(r.err().toLowerCase().contains(c[1]), "mentions '" + c[1] + "': " + r.err());
            assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
        }
        assertTrue(jpm.list().isEmpty());
        try (var files = Files.list(jpm.home())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("x-")), "nothing escaped the logs folder");
        }
        assertDaemonStillRuns();
    }

    @Test
    void missingJarAndUnsafeNameOnTheCommandLine() throws Exception {
        JpmHarness.Result missing = jpm.jpm("start", "/nowhere/app.jar");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("file not found: /nowhere/app.jar"), missing.err());
        JpmHarness.Result unsafe = jpm.jpm("start", sleeperJar(), "--name", "../escape");
        assertEquals(2, unsafe.exitCode());
        assertTrue(unsafe.err().contains("not a usable app name"), unsafe.err());
        assertDaemonStillRuns();
    }

    @Test
    void aTargetThatMatchesNothingSaysSo() throws Exception {
        jpm.jpm("start", sleeperJar(), "--name", "real").expectOk();
        for (String verb : List.of("stop", "restart", "delete", "describe")) {
            JpmHarness.Result r = jpm.jpm(verb, "ghost");
            assertEquals(3, r.exitCode(), verb + ": " + r.err());
            assertTrue(r.err().contains("no app named 'ghost'") && r.err().contains("real"), r.err());
        }
        JpmHarness.Result byId = jpm.jpm("stop", "42");
        assertEquals(3, byId.exitCode());
        assertTrue(byId.err().contains("no instance with id 42"), byId.err());
        assertEquals("online", jpm.list().get(0).get("status"));
    }

    @Test
    void aSecondAppWithTheSameNameIsAConflict() throws Exception {
        String jar = sleeperJar();
        jpm.jpm("start", jar, "--name", "dup").expectOk();
        JpmHarness.Result r = jpm.jpm("start", jar, "--name", "dup");
        assertEquals(4, r.exitCode());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals(1, jpm.list().size());
    }

    @Test
    void malformedAndOversizedRequestsGetAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(jpm.home().resolve("daemon.sock")));
            OutputStream out = Channels.newOutputStream(ch);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));

            out.write("this is not json\n".getBytes(StandardCharsets.UTF_8));
            String reply = in.readLine();
            assertTrue(reply.contains("\"ok\":false") && reply.contains("bad_request"), reply);

            out.write("{\"id\":7,\"cmd\":\"launch-missiles\"}\n".getBytes(StandardCharsets.UTF_8));
            reply = in.readLine();
            assertTrue(reply.contains("\"id\":7") && reply.contains("unknown cmd"), reply);

            out.write("{\"id\":8,\"cmd\":\"stop\",\"target\":[1,2]}\n".getBytes(StandardCharsets.UTF_8));
            reply = in.readLine();
            assertTrue(reply.contains("\"id\":8") && reply.contains("bad_request"), reply);

            byte[] huge = new byte[3 << 20];
            java.util.Arrays.fill(huge, (byte) 'x');
            out.write(huge);
            out.write('\n');
            reply = in.readLine();
            assertTrue(reply.contains("longer than"), reply);

            out.write("{\"id\":9,\"cmd\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
            reply = in.readLine();
            assertTrue(reply.contains("\"id\":9") && reply.contains("\"ok\":true"), reply);
        }
        assertDaemonStillRuns();
    }

    @Test
    void aStaleSocketLeftByAKilledDaemonIsReplacedAndInstancesAreReadopted() throws Exception {
        jpm.jpm("start", sleeperJar(), "--name", "survivor").expectOk();
        long instancePid = (Long) jpm.list().get(0).get("pid");
        ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
        daemon.destroyForcibly();
        daemon.onExit().get(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(jpm.home().resolve("daemon.sock")), "a killed daemon leaves its socket file");
        assertTrue(ProcessHandle.of(instancePid).map(ProcessHandle::isAlive).orElse(false), "the instance outlives the daemon");

        var row = jpm.list().get(0);
        assertNotEquals(daemonPid, jpm.daemonPid());
        assertEquals(instancePid, row.get("pid"), "re-adopted, not restarted");
        assertEquals("online", row.get("status"));
        daemonPid = jpm.daemonPid();

        ProcessHandle.of(instancePid).orElseThrow().destroyForcibly();
        JpmHarness.await("the adopted instance restarted", 15_000, () -> {
            try {
                var r = jpm.list().get(0);
                return "online".equals(r.get("status")) && r.get("pid") instanceof Long p && p != instancePid;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(1L, jpm.list().get(0).get("restarts"));
    }

    @Test
    void aSecondDaemonOnTheSameHomeRefusesToStart() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(JpmHarness.java(), "-cp", System.getProperty("jpm.jar"), "dev.jpm.daemon.DaemonMain");
        pb.environment().put("JPM_HOME", jpm.home().toString());
        pb.redirectErrorStream(true);
        Process second = pb.start();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, second.exitValue(), said);
        assertTrue(said.contains("a daemon already runs"), said);
        assertDaemonStillRuns();
    }

    @Test
    void anotherOsUserCannotControlTheDaemon() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to run a client as another user");
        // the harness home lives in /tmp; nobody may traverse it only if it could, so keep the 0700 the daemon set
        JpmHarness.Result r = jpm.run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"), "list");
        assertNotEquals(0, r.exitCode(), r.out());
        assertTrue(r.err().contains("another user") || r.err().contains("may not control"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertDaemonStillRuns();
    }

    @Test
    void aDaemonRefusesAClientOfAnotherUserEvenWhenFilePermissionsWouldLetItIn() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to run a daemon as another user");
        // a daemon of user nobody, in a home of nobody's, from a copy of the jar nobody can read;
        // root passes the folder's 0700, so only the daemon's own peer check can refuse it
        Path home = Files.createTempDirectory(Path.of("/tmp"), "jpm-nobody-");
        Path jar = home.resolve("jpm.jar");
        Files.copy(Path.of(System.getProperty("jpm.jar")), jar);
        new ProcessBuilder("chown", "-R", "nobody:nogroup", home.toString()).inheritIO().start().waitFor();
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                JpmHarness.java(), "-cp", jar.toString(), "dev.jpm.daemon.DaemonMain");
        pb.environment().put("JPM_HOME", home.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(home.resolve("stdout.txt").toFile());
        Process daemon = pb.start();
        try {
            JpmHarness.await("nobody's daemon listening", 30_000, () -> Files.exists(home.resolve("daemon.sock")));
            ProcessBuilder client = new ProcessBuilder(JpmHarness.java(), "-cp", System.getProperty("jpm.jar"),
                    "dev.jpm.cli.Main", "list");
            client.environment().put("JPM_HOME", home.toString());
            client.environment().put("NO_COLOR", "1");
            client.redirectErrorStream(true);
            Process p = client.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals(0, p.exitValue(), said);
            assertTrue(said.contains("may not control"), said);
            assertTrue(daemon.isAlive(), "the daemon keeps running");
        } finally {
            daemon.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
            new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor();
        }
    }
}
