package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("name", "jar", "args", "jvm_args", "max_restarts", "min_uptime", "port");

    @Test
    void distanceCountsInsertsDeletesSubstitutionsAndSwaps() {
        assertEquals(0, Suggestions.distance("port", "port"));
        assertEquals(1, Suggestions.distance("max_restart", "max_restarts"));
        assertEquals(1, Suggestions.distance("nmae", "name"), "a swap of neighbours is one edit");
        assertEquals(1, Suggestions.distance("jar", "jat"));
        assertEquals(3, Suggestions.distance("", "jar"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    @Test
    void nearestPicksTheClosestWhenCloseEnough() {
        assertEquals(Optional.of("max_restarts"), Suggestions.nearest("max_restart", KEYS));
        assertEquals(Optional.of("min_uptime"), Suggestions.nearest("min-uptime", KEYS));
        assertEquals(Optional.of("jvm_args"), Suggestions.nearest("jvmargs", KEYS));
        assertEquals(Optional.empty(), Suggestions.nearest("replicas_wanted", KEYS));
        assertEquals(Optional.empty(), Suggestions.nearest("x".repeat(1000), KEYS));
    }

    @Test
    void didYouMeanIsEmptyWithoutASuggestion() {
        assertEquals(" (did you mean 'port'?)", Suggestions.didYouMean("prot", KEYS));
        assertEquals("", Suggestions.didYouMean("completely_unrelated", KEYS));
    }
}
