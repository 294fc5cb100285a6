package dev.jpm.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.ecosystem.RestartSettings;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    enum Color { RED, DARK_GREEN }

    record Point(int x, int y) {
    }

    record Shape(String label, Color color, List<Point> points, Map<String, Long> tags, Point origin,
                 boolean filled, double opacity, long createdAtMs, Integer maybeCount, List<String> notes) {
    }

    record Positive(int value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("value must be positive");
            }
        }
    }

    /** Encodes to JSON text and back, the path every message takes over the socket. */
    private static <T> T overTheWire(Type type, Object value) {
        return RecordCodec.fromJson(type, Json.parse(Json.write(RecordCodec.toJson(value))));
    }

    private static Shape shape() {
        return new Shape("tri \"angle\"\n✓", Color.DARK_GREEN, List.of(new Point(0, 0), new Point(3, -4)),
                Map.of("weight", Long.MAX_VALUE), new Point(1, 2), true, 0.25, 1_700_000_000_123L, 9, List.of("a", "b"));
    }

    @Test
    void recordsWithNestedRecordsListsMapsAndEnumsRoundTrip() {
        Shape shape = shape();
        assertEquals(shape, overTheWire(Shape.class, shape));
    }

    @Test
    void fieldNamesAreSnakeCaseAndEnumsLowerCase() {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) RecordCodec.toJson(shape());
        assertEquals(List.of("label", "color", "points", "tags", "origin", "filled", "opacity", "created_at_ms", "maybe_count", "notes"),
                List.copyOf(json.keySet()));
        assertEquals("dark_green", json.get("color"));
        assertEquals(Map.of("x", 3, "y", -4), ((List<?>) json.get("points")).get(1));
        assertTrue(Json.write(json).contains("\"created_at_ms\":1700000000123"), Json.write(json));
    }

    @Test
    void wireName() {
        assertEquals("uptime_ms", RecordCodec.wireName("uptimeMs"));
        assertEquals("exp_backoff_restart_delay_ms", RecordCodec.wireName("expBackoffRestartDelayMs"));
        assertEquals("name", RecordCodec.wireName("name"));
    }

    @Test
    void nullComponentsAreLeftOutAndMissingFieldsTakeDefaults() {
        Shape sparse = new Shape(null, null, List.of(), Map.of(), null, false, 0, 0, null, List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) RecordCodec.toJson(sparse);
        assertFalse(json.containsKey("label"));
        assertFalse(json.containsKey("maybe_count"));

        Shape empty = RecordCodec.fromJson(Shape.class, Json.parse("{}"));
        assertNull(empty.label());
        assertNull(empty.color());
        assertEquals(List.of(), empty.points());
        assertEquals(Map.of(), empty.tags());
        assertNull(empty.origin());
        assertFalse(empty.filled());
        assertEquals(0.0, empty.opacity());
        assertEquals(0L, empty.createdAtMs());
        assertNull(empty.maybeCount());
        assertEquals(sparse, empty);
    }

    @Test
    void unknownFieldsAreIgnored() {
        Point p = RecordCodec.fromJson(Point.class, Json.parse("{\"x\":1,\"y\":2,\"z\":3,\"extra\":{\"a\":[1]}}"));
        assertEquals(new Point(1, 2), p);
    }

    @Test
    void appSpecRoundTripsWithEveryPart() {
        AppSpec app = new AppSpec("api", "/srv/api.jar", List.of("--port", "${PORT}"), List.of("-Xmx256m"), "/usr/bin/java",
                "/srv", -1, Map.of("MODE", "prod", "QUOTE", "a\"b"),
                new RestartSettings(false, 3, 2_000, 500, 100, 300L << 20, 60_000, "0 3 * * *"),
                new ClusterSettings(8080, "127.0.0.1", ClusterSettings.Strategy.LEAST_CONN, "/health", 45_000, 0),
                new LogSettings(1L << 30, 0), null, null, null, "/srv/ecosystem.yaml");
        assertEquals(app, overTheWire(AppSpec.class, app));
        String text = Json.write(RecordCodec.toJson(app));
        assertTrue(text.contains("\"jvm_args\":[\"-Xmx256m\"]"), text);
        assertTrue(text.contains("\"strategy\":\"least_conn\""), text);
        assertTrue(text.contains("\"max_memory_restart_bytes\":314572800"), text);
    }

    @Test
    void appSpecWithoutClusterStaysInForkMode() {
        AppSpec app = new AppSpec("w", "/w.jar", null, null, "/java", "/", 1, null, null, null, null, null, null, null, null);
        AppSpec back = overTheWire(AppSpec.class, app);
        assertEquals(app, back);
        assertNull(back.cluster());
        assertEquals(RestartSettings.DEFAULTS, back.restart());
    }

    @Test
    void parameterisedListsAndMapsAtTheTop() throws Exception {
        Type listOfPoints = Holder.class.getDeclaredField("points").getGenericType();
        Type mapOfPoints = Holder.class.getDeclaredField("byName").getGenericType();
        assertTrue(listOfPoints instanceof ParameterizedType);
        List<Point> points = List.of(new Point(1, 1), new Point(2, 2));
        assertEquals(points, overTheWire(listOfPoints, points));
        Map<String, Point> byName = Map.of("a", new Point(5, 6));
        assertEquals(byName, overTheWire(mapOfPoints, byName));
        assertEquals(List.of(), RecordCodec.fromJson(listOfPoints, null));
    }

    @SuppressWarnings("unused")
    private static final class Holder {
        List<Point> points;
        Map<String, Point> byName;
    }

    @Test
    void wrongTypesAreJsonExceptionsNamingTheField() {
        JsonException e = assertThrows(JsonException.class,
                () -> RecordCodec.fromJson(Point.class, Json.parse("{\"x\":\"one\",\"y\":2}")));
        assertEquals("x: expected int but got String", e.getMessage());
        e = assertThrows(JsonException.class, () -> RecordCodec.fromJson(Shape.class, Json.parse("{\"color\":\"blue\"}")));
        assertEquals("color: unknown value 'blue' for Color", e.getMessage());
        e = assertThrows(JsonException.class, () -> RecordCodec.fromJson(Point.class, Json.parse("{\"x\":4294967296}")));
        assertEquals("x: number out of range: 4294967296", e.getMessage());
        e = assertThrows(JsonException.class, () -> RecordCodec.fromJson(Shape.class, Json.parse("{\"points\":{}}")));
        assertTrue(e.getMessage().startsWith("points: expected "), e.getMessage());
        e = assertThrows(JsonException.class, () -> RecordCodec.fromJson(Point.class, Json.parse("[1,2]")));
        assertEquals("expected Point but got ArrayList", e.getMessage());
    }

    @Test
    void nullItemsInsideListsAreJsonExceptions() {
        JsonException e = assertThrows(JsonException.class,
                () -> RecordCodec.fromJson(Shape.class, Json.parse("{\"notes\":[\"a\",null]}")));
        assertEquals("notes: null item in a list", e.getMessage());
    }

    @Test
    void aRecordsOwnValidationBecomesAJsonException() {
        JsonException e = assertThrows(JsonException.class, () -> RecordCodec.fromJson(Positive.class, Json.parse("{\"value\":0}")));
        assertEquals("Positive: value must be positive", e.getMessage());
    }

    @Test
    void encodingSomethingUnknownIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.toJson(new Object()));
        assertEquals("red", RecordCodec.toJson(Color.RED));
        assertEquals(List.of(Map.of("x", 1, "y", 2)), RecordCodec.toJson(List.of(new Point(1, 2))));
    }
}
