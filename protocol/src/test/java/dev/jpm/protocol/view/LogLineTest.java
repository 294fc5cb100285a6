package dev.jpm.protocol.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.RecordCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLineTest {

    @Test
    void travelsAsTheDataOfALogEvent() {
        LogLine line = new LogLine("api", 3, "err", "boom \"quoted\" \t tab");
        String wire = Protocol.encodeEvent(new Event(7, line));

        assertEquals("{\"id\":7,\"event\":\"log\",\"data\":{\"app\":\"api\",\"id\":3,\"stream\":\"err\",\"line\":\"boom \\\"quoted\\\" \\t tab\"}}", wire);
        Event back = (Event) Protocol.decodeServerLine(wire, Object.class);
        assertEquals("log", back.name());
        assertEquals(line, back.data());
    }

    @Test
    void jsonFormHasTheFourDocumentedKeys() {
        Object json = Json.parse(Json.write(RecordCodec.toJson(new LogLine("api", 0, "out", "hi"))));

        assertEquals(Map.of("app", "api", "id", 0L, "stream", "out", "line", "hi"), json);
    }
}
