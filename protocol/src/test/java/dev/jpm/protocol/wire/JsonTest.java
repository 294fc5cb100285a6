package dev.jpm.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static Object roundTrip(Object value) {
        return Json.parse(Json.write(value));
    }

    @Test
    void stringsWithEscapesRoundTrip() {
        String s = "quote \" backslash \\ slash / newline \n return \r tab \t bell \u0007 nul \u0000 end";
        String written = Json.write(s);
        assertEquals("\"quote \\\" backslash \\\\ slash / newline \\n return \\r tab \\t bell \\u0007 nul \\u0000 end\"", written);
        assertEquals(s, Json.parse(written));
    }

    @Test
    void unicodeRoundTripsAndLineSeparatorsAreEscaped() {
        String s = "héllo wörld ✓ 日本語 \uD83D\uDE80 \u2028 \u2029";
        String written = Json.write(s);
        assertTrue(written.contains("\\u2028") && written.contains("\\u2029"), written);
        assertTrue(written.contains("\uD83D\uDE80"), "other characters are written as they are");
        assertEquals(s, Json.parse(written));
    }

    @Test
    void readsEveryEscape() {
        assertEquals("\"\\/\b\f\n\r\t\u00e9\uD83D\uDE80", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude80\""));
    }

    @Test
    void numbers() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(-42L, Json.parse("-42"));
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(-2.5e-3, Json.parse("-2.5e-3"));
        assertEquals(1e21, Json.parse("1E+21"));
        assertEquals("[1,2,3,4,5.5]", Json.write(List.of(1, 2L, (short) 3, (byte) 4, 5.5f)));
        assertEquals("[null,null]", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
    }

    @Test
    void longsKeepEveryDigit() {
        for (long n : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 1234567890123456789L, -1234567890123456789L, 999_999_999_999_999_999L}) {
            assertEquals(n, roundTrip(n), "round trip of " + n);
        }
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"), "beyond long becomes a double");
    }

    @Test
    void literalsAndEmptyContainers() {
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(Boolean.FALSE, Json.parse(" false "));
        assertNull(Json.parse("null"));
        assertEquals(Map.of(), Json.parse("{ }"));
        assertEquals(List.of(), Json.parse("[\n]"));
        assertEquals("null", Json.write(null));
    }

    @Test
    void nestingRoundTripsAndKeepsFieldOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", List.of(1L, "two", true, Map.of("deep", List.of())));
        inner.put("a", null);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("cmd", "start");
        outer.put("id", 7L);
        outer.put("inner", inner);
        String written = Json.write(outer);
        assertEquals("{\"cmd\":\"start\",\"id\":7,\"inner\":{\"z\":[1,\"two\",true,{\"deep\":[]}],\"a\":null}}", written);
        Object back = Json.parse(written);
        assertEquals(outer, back);
        assertEquals(List.of("z", "a"), new ArrayList<>(((Map<?, ?>) ((Map<?, ?>) back).get("inner")).keySet()));
    }

    @Test
    void blanksBetweenTokensAreAllowed() {
        assertEquals(Map.of("a", List.of(1L, 2L)), Json.parse(" \t{ \"a\" :\r\n [ 1 , 2 ] } \n"));
    }

    @Test
    void nestingUpToTheLimitIsFineAndBeyondIsAnError() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(Json.MAX_DEPTH, depth(Json.parse(ok)));
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertEquals("nested deeper than 64 at offset 64", e.getMessage());
        String hostile = "{\"a\":".repeat(100_000);
        assertTrue(assertThrows(JsonException.class, () -> Json.parse(hostile)).getMessage().startsWith("nested deeper than 64"));
    }

    private static int depth(Object value) {
        return value instanceof List<?> list ? 1 + (list.isEmpty() ? 0 : depth(list.get(0))) : 0;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{", "[1,", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "[1,]", "\"open", "tru", "nul", "truex",
        "{} {}", "'single'", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\u-123\"", "\"\\u+123\"", "\"\\u\uff11234\"", "-", "1-2", "--1",
        "\"tab\tinside\"", "\"line\nbreak\"", "[1]]", "NaN", "+1",
    })
    void malformedInputIsAJsonException(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().contains(" at offset "), e.getMessage());
    }

    @Test
    void malformedInputMessagesSayWhatAndWhere() {
        assertEquals("unterminated string at offset 5", assertThrows(JsonException.class, () -> Json.parse("[\"abc")).getMessage());
        assertEquals("expected ',' or ']' at offset 4", assertThrows(JsonException.class, () -> Json.parse("[1 2]")).getMessage());
        assertEquals("unexpected text after the JSON value at offset 3", assertThrows(JsonException.class, () -> Json.parse("{} x")).getMessage());
        assertEquals("bad escape '\\x' at offset 3", assertThrows(JsonException.class, () -> Json.parse("\"\\x\"")).getMessage());
    }

    @Test
    void writeRefusesWhatIsNotJson() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertEquals("[\"a\",1]", Json.write(Arrays.asList("a", 1)));
        assertEquals("{\"1\":true}", Json.write(Map.of(1, true)));
    }
}
