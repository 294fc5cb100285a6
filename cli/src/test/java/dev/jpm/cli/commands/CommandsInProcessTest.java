package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.cli.Main;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.Events;
import dev.jpm.protocol.wire.ExitCode;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import dev.jpm.protocol.wire.Welcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands run in this JVM through picocli ({@code execute}), their exit code and what they
 * print asserted. Where a daemon is needed, {@link FakeDaemon} answers on a real socket in
 * {@code JPM_HOME} (set for these tests by the cli pom to a folder under target/).
 */
class CommandsInProcessTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private JpmHome home;

    @TempDir
    Path temp;

    @BeforeEach
    void homeUnderTarget() {
        home = JpmHome.fromEnvironment();
        assertTrue(home.root().toString().contains("target"), "JPM_HOME must be the test home the pom sets, not " + home.root());
    }

    private int jpm(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private static List<String> reply(Reply<?> reply) {
        return List.of(Protocol.encodeReply(reply));
    }

    @Test
    void helpListsTheCommandsAndSucceeds() {
        assertEquals(0, jpm("--help"));
        assertTrue(out.toString().startsWith("Usage: jpm"), out.toString());
        assertTrue(out.toString().contains("resurrect"), out.toString());
        assertEquals(0, jpm("logs", "--help"));
        assertTrue(out.toString().contains("--nostream"), out.toString());
    }

    @Test
    void badOptionsAreBadInputBeforeAnyDaemonIsAsked() {
        assertEquals(ExitCode.BAD_INPUT.number(), jpm());
        assertTrue(err.toString().contains("name a command"), err.toString());
        assertEquals(ExitCode.BAD_INPUT.number(), jpm("list", "--bogus"));
        assertEquals(ExitCode.BAD_INPUT.number(), jpm("logs", "--out", "--err"));
        assertTrue(err.toString().contains("--out and --err exclude each other"), err.toString());
        assertEquals(ExitCode.BAD_INPUT.number(), jpm("logs", "--lines", "-1"));
        assertEquals(ExitCode.BAD_INPUT.number(), jpm("--timeout", "soon", "ping"));
        assertTrue(err.toString().contains("--timeout"), err.toString());
        assertEquals(ExitCode.BAD_INPUT.number(), jpm("start", temp.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("file not found: " + temp.resolve("nope.yaml")), err.toString());
    }

    @Test
    void everyRefusalOfTheDaemonEndsTheCommandWithItsExitCode() throws Exception {
        ErrorCode[] refusal = new ErrorCode[1];
        try (FakeDaemon daemon = new FakeDaemon(home, (id, request) -> reply(Reply.failure(id, refusal[0], "refused as " + refusal[0])))) {
            for (ErrorCode code : ErrorCode.values()) {
                refusal[0] = code;
                assertEquals(code.exit().number(), jpm("stop", "api"), code.toString());
                assertTrue(err.toString().contains("jpm: refused as " + code), err.toString());
            }
            assertEquals(ErrorCode.values().length, daemon.requests().size());
            assertEquals(new Request.Stop("api"), daemon.requests().get(0));
        }
    }

    @Test
    void aRefusedHelloEndsWithItsCode() throws Exception {
        Reply<?> mismatch = Reply.failure(0, ErrorCode.VERSION_MISMATCH, "this CLI speaks protocol 0");
        try (FakeDaemon daemon = new FakeDaemon(home, mismatch, (id, request) -> List.of())) {
            assertEquals(ExitCode.VERSION_MISMATCH.number(), jpm("ping"));
            assertTrue(err.toString().contains("this CLI speaks protocol 0"), err.toString());
            assertEquals(List.of(), daemon.requests());
        }
    }

    @Test
    void aDaemonThatHangsUpIsUnavailable() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(home, (id, request) -> null)) {
            assertEquals(ExitCode.DAEMON_UNAVAILABLE.number(), jpm("ping"));
            assertTrue(err.toString().contains("lost the daemon"), err.toString());
        }
    }

    @Test
    void aDaemonThatSaysNothingIsUnavailableAfterTheTimeout() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(home, (id, request) -> List.of())) {
            assertEquals(ExitCode.DAEMON_UNAVAILABLE.number(), jpm("--timeout", "300ms", "ping"));
        }
    }

    @Test
    void pingPrintsTheTypedReplyAndItsJson() throws Exception {
        Welcome welcome = new Welcome(Protocol.VERSION, "9.9.9", 4242, List.of("recovered state.json from its copy"));
        try (FakeDaemon daemon = new FakeDaemon(home, Reply.success(0, welcome),
                (id, request) -> reply(Reply.success(id, new Results.Pong(4242, "9.9.9", 1_500))))) {
            assertEquals(0, jpm("ping"));
            assertEquals("pong: jpm daemon 9.9.9, pid 4242, home " + home.root() + "\n", out.toString());
            assertTrue(err.toString().contains("jpm: recovered state.json from its copy"), err.toString());
            out.getBuffer().setLength(0);
            assertEquals(0, jpm("ping", "--json"));
            assertEquals(Map.of("pid", 4242L, "version", "9.9.9", "uptime_ms", 1500L), Json.parse(out.toString().trim()));
        }
    }

    @Test
    void saveAndFlushSayWhatTheDaemonDid() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(home, (id, request) -> reply(request instanceof Request.Save
                ? Reply.success(id, new Results.Saved("/h/dump.json", 2))
                : Reply.success(id, new Results.Flushed(List.of("/h/logs/api-0-out.log", "/h/logs/api-0-err.log")))))) {
            assertEquals(0, jpm("save"));
            assertTrue(out.toString().contains("saved 2 app(s) to /h/dump.json"), out.toString());
            assertEquals(0, jpm("flush", "api"));
            assertTrue(out.toString().contains("flushed 2 log files\n  /h/logs/api-0-out.log\n  /h/logs/api-0-err.log"), out.toString());
        }
    }

    @Test
    void scaleReadsProgressEventsThenTheRows() throws Exception {
        InstanceView row = new InstanceView(1, "api", 1, 77L, InstanceStatus.ONLINE, 0, 1_000, 0.5, 1L << 20, null, null,
                null, null, null, null, null, null, null, null, null);
        try (FakeDaemon daemon = new FakeDaemon(home, (id, request) -> List.of(
                Protocol.encodeEvent(new Event(id, new Events.Progress(0, 2))),
                Protocol.encodeEvent(new Event(id, new Events.Progress(2, 2))),
                "{\"id\":" + id + ",\"event\":\"from_a_newer_daemon\",\"data\":{}}",
                Protocol.encodeReply(Reply.success(id, request instanceof Request.Scale ? List.of(row, row) : List.of(row)))))) {
            assertEquals(0, jpm("scale", "api", "2"));
            assertTrue(out.toString().contains("scaled api to 2 instances"), out.toString());
            assertEquals(List.of(new Request.Scale("api", "2"), new Request.ListInstances()), daemon.requests());
        }
    }
}
