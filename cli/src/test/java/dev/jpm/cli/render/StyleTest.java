package dev.jpm.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.view.InstanceStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StyleTest {
    @Test
    void colourOnlyOnATerminalWithoutNoColorOrDumbTerm() {
        assertTrue(Style.wantsColour(Map.of(), true));
        assertFalse(Style.wantsColour(Map.of(), false), "not a terminal");
        assertFalse(Style.wantsColour(Map.of("NO_COLOR", "1"), true));
        assertTrue(Style.wantsColour(Map.of("NO_COLOR", ""), true), "an empty NO_COLOR does not count");
        assertFalse(Style.wantsColour(Map.of("TERM", "dumb"), true));
    }

    @Test
    void plainStyleAddsNoEscapes() {
        assertEquals("online", new Style(false).status(InstanceStatus.ONLINE));
        String coloured = new Style(true).status(InstanceStatus.ONLINE);
        assertTrue(coloured.contains("\u001b[32m"));
        assertEquals(6, Style.visibleLength(coloured));
    }
}
