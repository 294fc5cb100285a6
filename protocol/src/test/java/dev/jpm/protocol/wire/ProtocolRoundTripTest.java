package dev.jpm.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.RequestsView;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every message survives the wire unchanged; a new request type without a sample here fails the test. */
class ProtocolRoundTripTest {
    static final AppSpec SPEC = new AppSpec("api", "/srv/api.jar", List.of("--port", "${PORT}"), List.of("-Xmx64m"),
            "/usr/bin/java", "/srv", 0, Map.of("A", "1", "QUOTE", "say \"hi\"\n"),
            new RestartSettings(false, 3, 500, 10, 100, 300L << 20, 2_000),
            new ClusterSettings(8080, "127.0.0.1", ClusterSettings.Strategy.LEAST_CONN, "/health", 5_000, 2_000),
            new LogSettings(1024, 2), "/srv/ecosystem.yaml");

    static final List<Request> SAMPLES = List.of(
            new Request.Hello(Protocol.VERSION, "1.2.3"),
            new Request.Ping(),
            new Request.Start(List.of(SPEC, SPEC.withName("web").withCluster(null))),
            new Request.ListInstances(),
            new Request.Stop("api"),
            new Request.Restart("3"),
            new Request.Delete("all"),
            new Request.Describe("api"),
            new Request.Reload("api"),
            new Request.Scale("api", "-1"),
            new Request.Kill(),
            new Request.Logs("all", 20, true, true, false),
            new Request.Flush("api"),
            new Request.Save(),
            new Request.Resurrect());

    @Test
    void everyRequestTypeHasASampleAndACmd() {
        Set<Class<?>> sampled = SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> declared = Arrays.stream(Request.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(declared, sampled);
        for (Request r : SAMPLES) {
            assertEquals(r.getClass(), Requests.typeOf(Requests.cmdOf(r)));
        }
    }

    @Test
    void everyRequestRoundTrips() {
        long id = 1;
        for (Request request : SAMPLES) {
            String line = Protocol.encodeRequest(id, request);
            assertTrue(!line.contains("\n"), "one line: " + line);
            Protocol.Incoming back = Protocol.decodeRequest(line);
            assertEquals(id, back.id());
            assertEquals(request, back.request());
            id++;
        }
    }

    @Test
    void repliesAndEventsRoundTrip() {
        InstanceView view = new InstanceView(4, "api", 1, 1234L, InstanceStatus.ONLINE, 2, 60_000, 12.5, 50L << 20, 40001, 8080,
                3L, 99L, 1L << 20, 32L << 20, 64L << 20, 7L, 12L, 21L, "listening")
                .withRequests(REQUESTS);
        Reply ok = Reply.success(5, List.of(view));
        Object decoded = Protocol.decodeServerLine(Protocol.encodeReply(ok));
        Reply back = assertInstanceOf(Reply.class, decoded);
        assertTrue(back.ok());
        List<InstanceView> views = RecordCodec.fromJson(new java.lang.reflect.ParameterizedType() {
            public java.lang.reflect.Type[] getActualTypeArguments() {
                return new java.lang.reflect.Type[] {InstanceView.class};
            }

            public java.lang.reflect.Type getRawType() {
                return List.class;
            }

            public java.lang.reflect.Type getOwnerType() {
                return null;
            }
        }, back.result());
        assertEquals(List.of(view), views);

        Reply failure = Reply.failure(6, ErrorCode.NOT_FOUND, "no app named 'x'");
        Reply failureBack = (Reply) Protocol.decodeServerLine(Protocol.encodeReply(failure));
        assertEquals(ErrorCode.NOT_FOUND, failureBack.errorCode());
        assertEquals("no app named 'x'", failureBack.error());

        Event event = new Event(7, "log", Map.of("line", "héllo \u0001"));
        assertEquals(event, Protocol.decodeServerLine(Protocol.encodeEvent(event)));

        Welcome welcome = new Welcome(Protocol.VERSION, "1.2.3", 42, List.of("state.json is unreadable; recovered from its copy"));
        Reply hello = assertInstanceOf(Reply.class, Protocol.decodeServerLine(Protocol.encodeReply(Reply.success(1, welcome))));
        assertEquals(welcome, RecordCodec.fromJson(Welcome.class, hello.result()));

        InstanceDescription d = new InstanceDescription(view, SPEC, "/o.log", "/e.log",
                List.of(new InstanceDescription.ExitView(1L, 137, 2_000, null), new InstanceDescription.ExitView(2L, null, 0, null),
                        new InstanceDescription.ExitView(3L, null, 0, "working folder /srv/gone not found")), REQUESTS);
        assertEquals(d, RecordCodec.fromJson(InstanceDescription.class, dev.jpm.protocol.wire.Json.parse(
                Json.write(RecordCodec.toJson(d)))));
    }

    private static final RequestsView REQUESTS = new RequestsView(1_210, 12.5, 0, 1_000, 10, 150, 50, 3.25, 870.0, 4,
            List.of(0L, 10L, 500L, 300L, 200L, 100L, 50L, 30L, 10L, 5L, 3L, 1L, 1L, 0L), 61.875);

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
