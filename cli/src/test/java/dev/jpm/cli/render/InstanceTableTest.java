package dev.jpm.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.view.InstanceView;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceTableTest {
    private static final InstanceView ROW = new InstanceView(0, "web", 0, 4242L, "online", 1, 90_000, 3.0, 80L << 20,
            null, null, null, null, 30L << 20, 64L << 20, 256L << 20, 4L, 20L, 17L, null);

    @Test
    void showsHeapWhenThereIsRoom() {
        String wide = InstanceTable.render(List.of(ROW), 200, new Style(false));
        assertTrue(wide.lines().findFirst().orElseThrow().endsWith("heap"), wide);
        assertTrue(wide.contains("30.0mb"), wide);
    }

    @Test
    void dropsHeapFirstWhenNarrow() {
        String full = InstanceTable.render(List.of(ROW), 200, new Style(false));
        int width = full.lines().mapToInt(String::length).max().orElseThrow() - 1;
        String narrow = InstanceTable.render(List.of(ROW), width, new Style(false));
        String header = narrow.lines().findFirst().orElseThrow();
        assertFalse(header.contains("heap"), narrow);
        assertTrue(header.contains("port") && header.contains("memory"), "only heap went: " + narrow);
    }

    @Test
    void aPublicPortThatIsNotSimplyListeningSaysSo() {
        assertEquals("8080", InstanceTable.publicPort(cluster("listening"), new Style(false)));
        assertEquals("8080 full", InstanceTable.publicPort(cluster("full"), new Style(false)));
        assertEquals("8080 down", InstanceTable.publicPort(cluster("down"), new Style(false)));
        assertTrue(InstanceTable.render(List.of(cluster("down")), 200, new Style(false)).contains("8080 down"));
    }

    private static InstanceView cluster(String balancer) {
        return new InstanceView(0, "web", 0, 4242L, "online", 1, 90_000, 3.0, 80L << 20,
                41000, 8080, 3L, 10L, null, null, null, null, null, null, balancer);
    }
}
