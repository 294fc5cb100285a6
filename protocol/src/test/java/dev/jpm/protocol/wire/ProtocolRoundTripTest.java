package dev.jpm.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.LivenessSettings;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.ecosystem.StopSettings;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.LogLine;
import dev.jpm.protocol.view.RequestsView;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every message survives the wire unchanged: each request, each request's reply, each event. A new
 * request or event type without a sample here fails the test.
 */
class ProtocolRoundTripTest {
    static final AppSpec SPEC = new AppSpec("api", "/srv/api.jar", List.of("--port", "${PORT}"), List.of("-Xmx64m"),
            "/usr/bin/java", "/srv", 0, Map.of("A", "1", "QUOTE", "say \"hi\"\n"),
            new RestartSettings(false, 3, 500, 10, 100, 300L << 20, 2_000, "*/15 * * * 1-5"),
            new ClusterSettings(8080, "127.0.0.1", ClusterSettings.Strategy.LEAST_CONN, "/health", 5_000, 2_000),
            new LogSettings(1024, 2), new StopSettings("SIGINT", List.of(0, 3)),
            new LivenessSettings("http://127.0.0.1:${PORT}/health", 5_000, 500, 2), null, "/srv/ecosystem.yaml");

    static final List<Request<?>> SAMPLES = List.of(
            new Request.Hello(Protocol.VERSION, "1.2.3"),
            new Request.Ping(),
            new Request.Start(List.of(SPEC, SPEC.withName("web").withCluster(null))),
            new Request.ListInstances(),
            new Request.Stop("api"),
            new Request.Restart("3", Map.of("DB_URL", "jdbc:x")),
            new Request.Delete("all"),
            new Request.Describe("api"),
            new Request.Reload("api"),
            new Request.Update("/srv/ecosystem.yaml", List.of(SPEC), List.of("api", "old"), true),
            new Request.Scale("api", "-1"),
            new Request.Kill(),
            new Request.Logs("all", 20, true, true, false),
            new Request.Flush("api"),
            new Request.Save(),
            new Request.Resurrect(),
            new Request.ThreadDump("api"),
            new Request.HeapDump("4", true, "/home/u/api.hprof"),
            new Request.Jfr("start", "api", 60_000, "profile"),
            new Request.Signal("USR1", "all"));

    @Test
    void everyRequestTypeHasASampleAndACmd() {
        Set<Class<?>> sampled = SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> declared = Arrays.stream(Request.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(declared, sampled);
        for (Request<?> r : SAMPLES) {
            assertEquals(r.getClass(), Requests.typeOf(Requests.cmdOf(r)));
        }
    }

    @Test
    void everyRequestRoundTrips() {
        long id = 1;
        for (Request<?> request : SAMPLES) {
            String line = Protocol.encodeRequest(id, request);
            assertTrue(!line.contains("\n"), "one line: " + line);
            Protocol.Incoming back = Protocol.decodeRequest(line);
            assertEquals(id, back.id());
            assertEquals(request, back.request());
            id++;
        }
    }

    static final RequestsView REQUESTS = new RequestsView(1_210, 12.5, 0, 1_000, 10, 150, 50, 3.25, 870.0, 4,
            List.of(0L, 10L, 500L, 300L, 200L, 100L, 50L, 30L, 10L, 5L, 3L, 1L, 1L, 0L), 61.875);
    static final InstanceView VIEW = new InstanceView(4, "api", 1, 1234L, InstanceStatus.ONLINE, 2, 60_000, 12.5, 50L << 20, 40001, 8080,
            3L, 99L, 1L << 20, 32L << 20, 64L << 20, 7L, 12L, 21L, "listening").withRequests(REQUESTS);
    static final InstanceView STOPPED = new InstanceView(5, "web", 0, null, InstanceStatus.STOPPED, 0, 0, null, null, null, null,
            null, null, null, null, null, null, null, null, null);

    /** A result for every request type: what a successful reply to it carries. */
    static final Map<Class<?>, Object> RESULTS = Map.ofEntries(
            Map.entry(Request.Hello.class, new Welcome(Protocol.VERSION, "1.2.3", 42, List.of("state.json is unreadable; recovered from its copy"))),
            Map.entry(Request.Ping.class, new Results.Pong(42, "1.2.3", 60_000)),
            Map.entry(Request.Start.class, List.of(VIEW, STOPPED)),
            Map.entry(Request.ListInstances.class, List.of(VIEW)),
            Map.entry(Request.Stop.class, List.of(STOPPED)),
            Map.entry(Request.Restart.class, List.of(VIEW)),
            Map.entry(Request.Delete.class, List.of(4, 5)),
            Map.entry(Request.Describe.class, List.of(new InstanceDescription(VIEW, SPEC, "/o.log", "/e.log",
                    List.of(new InstanceDescription.ExitView(1L, 3, 2_000, null, null, "OutOfMemoryError: Java heap space"),
                            new InstanceDescription.ExitView(2L, null, 0, null, "liveness: 3 health checks failed: timeout after 2s", null),
                            new InstanceDescription.ExitView(3L, null, 0, "working folder /srv/gone not found", null, null)),
                    List.of("api-4-out.log is a symlink"), 4096, REQUESTS, 1_790_000_000_000L))),
            Map.entry(Request.Reload.class, List.of(VIEW)),
            Map.entry(Request.Update.class, new Results.Updated(List.of(new Results.AppChange("api", Results.AppChange.ROLLED, "env"),
                    new Results.AppChange("old", Results.AppChange.KEPT, null)), List.of(VIEW))),
            Map.entry(Request.Scale.class, List.of(VIEW, STOPPED)),
            Map.entry(Request.Kill.class, List.of(4)),
            Map.entry(Request.Logs.class, new Results.Streamed(true)),
            Map.entry(Request.Flush.class, new Results.Flushed(List.of("/home/u/.jpm/logs/api-4-out.log"))),
            Map.entry(Request.Save.class, new Results.Saved("/home/u/.jpm/dump.json", 2)),
            Map.entry(Request.Resurrect.class, List.of()),
            Map.entry(Request.ThreadDump.class, List.of(new Results.ThreadDump(4, "api", 0, 1234L,
                    "/home/u/.jpm/dumps/api/threaddump-4-20261123-190000.txt", "attach", "\"main\" #1 prio=5\n", null, null, null))),
            Map.entry(Request.HeapDump.class, List.of(new Results.DumpTaken(4, "api", 0, "/home/u/api.hprof", 1L << 20,
                    "Heap dump file created", null, null))),
            Map.entry(Request.Jfr.class, List.of(new Results.DumpTaken(5, "api", 1, null, 0, null, "no such recording", "unresponsive"))),
            Map.entry(Request.Signal.class, new Results.Signalled("USR1", List.of(4, 5))));

    /** An event of every type. */
    static final List<Record> EVENTS = List.of(
            new LogLine("api", 4, "err", "héllo \u0001 \"quoted\""),
            new Events.Alive(),
            new Events.Progress(1, 2),
            new Events.DumpProgress(4, "/home/u/.jpm/dumps/api/heapdump-4-20261123-190000.hprof", 123_456),
            new Events.Starting("api#1 (id 4)", 12_000, 9_500, 4_213));

    @Test
    void everyRequestTypeHasAResultSample() {
        assertEquals(SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()), RESULTS.keySet());
    }

    @Test
    void everyReplyRoundTripsAsItsRequestsResultType() {
        for (Request<?> request : SAMPLES) {
            Object result = RESULTS.get(request.getClass());
            String line = Protocol.encodeReply(Reply.success(9, result));
            Reply<?> back = assertInstanceOf(Reply.class, Protocol.decodeServerLine(line, Requests.resultTypeOf(request)));
            assertEquals(Reply.success(9, result), back, Requests.cmdOf(request) + ": " + line);
        }
    }

    @Test
    void everyEventTypeHasASampleAndRoundTrips() {
        Set<Class<?>> registered = new HashSet<>();
        Events.types().forEach(registered::add);
        assertEquals(registered, EVENTS.stream().map(Object::getClass).collect(Collectors.toSet()));
        for (Record data : EVENTS) {
            Event event = new Event(7, data);
            assertEquals(event, Protocol.decodeServerLine(Protocol.encodeEvent(event), Object.class));
        }
    }

    @Test
    void anEventThatIsNoRegisteredTypeIsRefusedAndAnUnknownNameIsSkipped() {
        record Stray(int x) {
        }
        assertThrows(IllegalArgumentException.class, () -> new Event(1, new Stray(1)));
        assertEquals(null, Protocol.decodeServerLine("{\"id\":1,\"event\":\"from_the_future\",\"data\":{}}", Object.class));
    }

    /**
     * The lines as the daemon wrote them before replies and events were typed (Map.of results), so an
     * older CLI still reads a newer daemon and the other way round.
     */
    @Test
    void wireFormIsUnchanged() {
        assertEquals("{\"id\":3,\"ok\":true,\"result\":{\"pid\":42,\"version\":\"1.2.3\",\"uptime_ms\":60000}}",
                Protocol.encodeReply(Reply.success(3, new Results.Pong(42, "1.2.3", 60_000))));
        assertEquals("{\"id\":3,\"ok\":true,\"result\":{\"file\":\"/d.json\",\"apps\":2}}",
                Protocol.encodeReply(Reply.success(3, new Results.Saved("/d.json", 2))));
        assertEquals("{\"id\":3,\"ok\":true,\"result\":{\"files\":[\"/a.log\"]}}",
                Protocol.encodeReply(Reply.success(3, new Results.Flushed(List.of("/a.log")))));
        assertEquals("{\"id\":3,\"ok\":true,\"result\":{\"streamed\":true}}",
                Protocol.encodeReply(Reply.success(3, new Results.Streamed(true))));
        assertEquals("{\"id\":3,\"ok\":true,\"result\":[4,5]}", Protocol.encodeReply(Reply.success(3, List.of(4, 5))));
        assertEquals("{\"id\":3,\"ok\":false,\"error\":\"no app named 'x'\",\"code\":\"not_found\"}",
                Protocol.encodeReply(Reply.failure(3, ErrorCode.NOT_FOUND, "no app named 'x'")));
        assertEquals("{\"id\":3,\"event\":\"progress\",\"data\":{\"online\":1,\"total\":2}}",
                Protocol.encodeEvent(new Event(3, new Events.Progress(1, 2))));
        assertEquals("{\"id\":3,\"event\":\"alive\",\"data\":{}}", Protocol.encodeEvent(new Event(3, new Events.Alive())));
        assertEquals("{\"id\":3,\"ok\":true,\"result\":[{\"id\":5,\"name\":\"web\",\"instance\":0,\"status\":\"stopped\","
                + "\"restarts\":0,\"uptime_ms\":0}]}", Protocol.encodeReply(Reply.success(3, List.of(STOPPED))));
        // as an older daemon wrote them: keys in another order (Map.of), numbers as JSON has them
        assertEquals(new Results.Pong(42, "1.2.3", 60_000), ((Reply<?>) Protocol.decodeServerLine(
                "{\"id\":3,\"ok\":true,\"result\":{\"uptime_ms\":60000,\"version\":\"1.2.3\",\"pid\":42}}",
                Requests.resultTypeOf(new Request.Ping()))).result());
    }

    @Test
    void aFailedReplyCarriesItsCodeAndNoResult() {
        Reply<?> back = assertInstanceOf(Reply.class, Protocol.decodeServerLine(
                Protocol.encodeReply(Reply.failure(6, ErrorCode.NOT_FOUND, "no app named 'x'")), Requests.resultTypeOf(new Request.Stop("x"))));
        assertEquals(ErrorCode.NOT_FOUND, back.errorCode());
        assertEquals("no app named 'x'", back.error());
        assertEquals(null, back.result());
    }

    @Test
    void anInstanceFromADaemonWithoutRequestFiguresHasNone() {
        Object json = Json.parse("{\"id\":1,\"name\":\"api\",\"status\":\"online\",\"cpu\":1.5}");
        assertEquals(null, RecordCodec.<InstanceView>fromJson(InstanceView.class, json).requests());
        Object withRequests = RecordCodec.toJson(new InstanceView(1, "api", 0, 1L, InstanceStatus.ONLINE, 0, 0, 1.5, null, null, null,
                null, null, null, null, null, null, null, null, null).withRequests(REQUESTS));
        assertTrue(Json.write(withRequests).contains("\"requests\":{\"total\":1210,\"rps\":12.5,\"status1xx\":0,"),
                Json.write(withRequests));
    }

    @Test
    void badRequestsSayWhatIsWrongAndKeepTheirId() {
        ProtocolException unknown = assertThrows(ProtocolException.class, () -> Protocol.decodeRequest("{\"id\":3,\"cmd\":\"fly\"}"));
        assertEquals(3, unknown.requestId());
        assertTrue(unknown.getMessage().contains("unknown cmd 'fly'"));
        ProtocolException wrongType = assertThrows(ProtocolException.class,
                () -> Protocol.decodeRequest("{\"id\":4,\"cmd\":\"stop\",\"target\":5}"));
        assertEquals(4, wrongType.requestId());
        assertTrue(wrongType.getMessage().contains("target"), wrongType.getMessage());
        assertThrows(JsonException.class, () -> Protocol.decodeRequest("[1,2]"));
        assertThrows(JsonException.class, () -> Protocol.decodeRequest("{\"id\":1,"));
    }
}
