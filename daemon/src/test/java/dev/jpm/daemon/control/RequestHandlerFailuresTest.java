package dev.jpm.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.LogCapture;
import dev.jpm.daemon.Notices;
import dev.jpm.daemon.balancer.Balancer;
import dev.jpm.daemon.metrics.MetricsCache;
import dev.jpm.daemon.policy.Clock;
import dev.jpm.daemon.supervisor.InstanceProcesses;
import dev.jpm.daemon.supervisor.Supervisor;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a failure while answering becomes the reply's error code: a JpmException keeps its own, an
 * I/O failure is told as what it stopped (a launch, a write), anything else is INTERNAL and
 * logged. A real supervisor answers; its processes are never started (launch fails as told).
 */
class RequestHandlerFailuresTest {
    @TempDir
    Path dir;

    private final Balancer balancer = new Balancer(1);
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Reply> replies = new CopyOnWriteArrayList<>();
    private final Replies collected = new Replies() {
        @Override
        public void event(Event event) {
            events.add(event);
        }

        @Override
        public void reply(Reply reply) {
            replies.add(reply);
        }
    };
    /** What every launch throws. */
    private volatile Exception launchFailure;
    private Supervisor supervisor;
    private RequestHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        InstanceProcesses failing = new InstanceProcesses() {
            @Override
            public JpmHome home() {
                return new JpmHome(dir);
            }

            @Override
            public Process launch(AppSpec spec, int id, int index, Integer internalPort) throws IOException {
                if (launchFailure instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) launchFailure;
            }

            @Override
            public CompletableFuture<Void> stop(ProcessHandle process, String signal, long killTimeoutMs) {
                throw new AssertionError("no process was launched, so none is stopped");
            }
        };
        supervisor = new Supervisor(failing, balancer, Clock.system(), state -> { }, List::of, new Notices());
        // dump.json under a plain file: every write of it fails with an IOException
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "");
        handler = new RequestHandler(supervisor, new MetricsCache(), null, "test", () -> { }, notAFolder.resolve("dump.json"),
                new Notices(), null);
    }

    @AfterEach
    void tearDown() throws Exception {
        supervisor.stopEverything().get(10, TimeUnit.SECONDS);
        supervisor.shutdown();
        balancer.close();
    }

    private Reply answer(Request request) {
        assertTrue(handler.handle(new Protocol.Incoming(3, request), collected), "the connection stays open");
        Reply reply = replies.get(replies.size() - 1);
        assertEquals(3, reply.id());
        return reply;
    }

    private AppSpec app() throws IOException {
        Path java = Files.writeString(dir.resolve("java"), "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path jar = Files.writeString(dir.resolve("api.jar"), "never read");
        RestartSettings neverRetried = new RestartSettings(false, 0, 0, 0, 0, 0, 1_000, null);
        return new AppSpec("api", jar.toString(), null, null, java.toString(), dir.toString(), 1, null, neverRetried, null,
                null, null, null, null, null);
    }

    @Test
    void aJpmExceptionKeepsItsCodeAndWords() {
        Reply reply = answer(new Request.Stop("nope"));

        assertFalse(reply.ok());
        assertEquals(ErrorCode.NOT_FOUND, reply.errorCode());
        assertEquals("no app named 'nope' (no apps are running; start one with 'jpm start')", reply.error());
    }

    @Test
    void anIoFailureOfALaunchIsALaunchFailureThatSaysWhy() throws IOException {
        launchFailure = new IOException("Cannot run program \"java\": error=13, Permission denied");

        Reply reply = answer(new Request.Start(List.of(app())));

        assertEquals(ErrorCode.LAUNCH_FAILED, reply.errorCode());
        assertTrue(reply.error().startsWith("1 of 1 instance did not start:\n  api#0 (id 0) could not be launched: Cannot run"),
                reply.error());
        assertTrue(reply.error().contains("Permission denied"), reply.error());
    }

    @Test
    void anIoFailureOfAWriteIsAStorageFailure() {
        Reply reply = answer(new Request.Save());

        assertEquals(ErrorCode.STORAGE, reply.errorCode());
        assertTrue(reply.error().startsWith("cannot write " + dir.resolve("plain-file").resolve("dump.json")), reply.error());
    }

    @Test
    void anythingElseIsInternalAndLogged() throws Exception {
        launchFailure = new IllegalStateException("a bug in the launcher");
        AppSpec app = app();

        String log = LogCapture.during(() -> {
            Reply reply = answer(new Request.Start(List.of(app)));
            assertEquals(ErrorCode.INTERNAL, reply.errorCode());
            assertEquals("the daemon failed: java.lang.IllegalStateException: a bug in the launcher (see daemon.log)",
                    reply.error());
        });

        assertTrue(log.contains("IllegalStateException: a bug in the launcher"), log);
    }
}
