package dev.jpm.protocol.wire;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How messages become lines and back. A request line is {@code {"id":1,"cmd":"stop","target":"api"}}:
 * the record's fields beside {@code id} and {@code cmd}. A reply carries {@code ok}; an event carries
 * {@code event}.
 */
public final class Protocol {
    /** Bumped whenever a message changes shape; the hello refuses a peer with another number. */
    public static final int VERSION = 1;
    /** No request is near this size; a longer line is refused rather than buffered. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private Protocol() {
    }

    public static String encodeRequest(long id, Request<?> request) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("cmd", Requests.cmdOf(request));
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) RecordCodec.toJson(request);
        map.putAll(fields);
        return Json.write(map);
    }

    /** A request read off the wire, with the id to answer under (0 when even that was unreadable). */
    public record Incoming(long id, Request<?> request) {
    }

    public static Incoming decodeRequest(String line) {
        Object parsed = Json.parse(line);
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new JsonException("a request must be a JSON object");
        }
        long id = map.get("id") instanceof Long l ? l : 0;
        Object cmd = map.get("cmd");
        if (!(cmd instanceof String name)) {
            throw new ProtocolException(id, "a request needs a string 'cmd'");
        }
        Class<? extends Request<?>> type = Requests.typeOf(name);
        if (type == null) {
            throw new ProtocolException(id, "unknown cmd '" + name + "'");
        }
        try {
            return new Incoming(id, RecordCodec.fromJson(type, map));
        } catch (JsonException | IllegalArgumentException e) {
            throw new ProtocolException(id, "bad '" + name + "' request: " + e.getMessage());
        }
    }

    public static String encodeReply(Reply<?> reply) {
        return Json.write(RecordCodec.toJson(reply));
    }

    public static String encodeEvent(Event event) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", event.id());
        map.put("event", event.name());
        map.put("data", RecordCodec.toJson(event.data()));
        return Json.write(map);
    }

    /**
     * A line from the daemon: an {@link Event}, the closing {@link Reply} with its result read as
     * {@code resultType} (see {@link Requests#resultTypeOf}), or null for an event this side does not
     * know (a newer daemon's), which the reader skips.
     */
    public static Object decodeServerLine(String line, Type resultType) {
        Object parsed = Json.parse(line);
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new JsonException("a daemon message must be a JSON object");
        }
        long id = RecordCodec.fromJson(long.class, map.get("id"));
        if (map.containsKey("event")) {
            Class<? extends Record> type = Events.typeOf(RecordCodec.fromJson(String.class, map.get("event")));
            if (type == null) {
                return null;
            }
            Record data = RecordCodec.fromJson(type, map.get("data"));
            if (data == null) {
                // found by RequestDecoderFuzzTest: an event without its data is malformed, not a crash
                throw new JsonException("event '" + map.get("event") + "' without data");
            }
            return new Event(id, data);
        }
        boolean ok = RecordCodec.fromJson(boolean.class, map.get("ok"));
        String error = RecordCodec.fromJson(String.class, map.get("error"));
        String code = RecordCodec.fromJson(String.class, map.get("code"));
        return new Reply<>(id, ok, error, code, ok ? RecordCodec.fromJson(resultType, map.get("result")) : null);
    }
}
