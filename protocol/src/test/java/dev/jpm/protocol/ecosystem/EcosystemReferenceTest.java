package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EcosystemReferenceTest {
    @Test
    void tableHasAHeaderAndOneRowPerKeyInOrder() {
        List<String> lines = EcosystemReference.markdownTable().lines().toList();
        assertEquals("| key | type | default | meaning |", lines.get(0));
        assertEquals("|---|---|---|---|", lines.get(1));
        assertEquals(EcosystemKey.values().length + 2, lines.size());
        for (EcosystemKey key : EcosystemKey.values()) {
            String row = lines.get(key.ordinal() + 2);
            assertTrue(row.startsWith("| `" + key.yamlName() + "` | "), row);
            assertTrue(row.contains(" | " + key.kind().description() + " | "), row);
            assertTrue(row.contains(" | " + key.defaultText() + " | "), row);
            assertTrue(row.endsWith(" | " + key.meaning() + " |"), row);
        }
    }

    @Test
    void exampleRowReadsWell() {
        assertTrue(EcosystemReference.markdownTable().contains(
                "| `max_memory_restart` | size (512K, 300M, 1G or bytes) | off | Restart an instance whose RSS stays above this, e.g. `300M`. |\n"));
    }
}
