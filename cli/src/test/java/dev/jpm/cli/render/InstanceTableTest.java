package dev.jpm.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.RequestsView;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceTableTest {
    private static final InstanceView ROW = new InstanceView(0, "web", 0, 4242L, InstanceStatus.ONLINE, 1, 90_000, 3.0, 80L << 20,
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
        return new InstanceView(0, "web", 0, 4242L, InstanceStatus.ONLINE, 1, 90_000, 3.0, 80L << 20,
                41000, 8080, 3L, 10L, null, null, null, null, null, null, balancer);
    }

    private static final InstanceView HTTP = cluster("listening").withRequests(new RequestsView(1_234, 123.4, 0, 1_200, 0, 30, 4,
            2.0, 40.0, 1, List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1_234L), 2.5));

    @Test
    void rpsOnlyWhenSomeAppBalancesHttp() {
        assertFalse(InstanceTable.render(List.of(ROW, cluster("listening")), 200, new Style(false)).contains("rps"));
        String mixed = InstanceTable.render(List.of(ROW, HTTP), 200, new Style(false));
        List<String> lines = mixed.lines().toList();
        assertTrue(lines.get(0).matches(".*\\bport +rps +heap$"), "rps right after port: " + mixed);
        assertTrue(lines.get(1).matches(".* - +30\\.0mb$"), "no rps for an app that is not http: " + mixed);
        assertTrue(lines.get(2).contains("8080  123  "), mixed);
    }

    @Test
    void rpsGoesAfterHeapAndInstWhenNarrow() {
        String full = InstanceTable.render(List.of(HTTP), 200, new Style(false));
        int width = full.lines().mapToInt(String::length).max().orElseThrow();
        String withoutHeapAndInst = InstanceTable.render(List.of(HTTP), width - "  heap".length() - "  inst".length(), new Style(false));
        String header = withoutHeapAndInst.lines().findFirst().orElseThrow();
        assertTrue(header.contains("rps") && !header.contains("heap") && !header.contains("inst"), withoutHeapAndInst);
        String narrower = InstanceTable.render(List.of(HTTP), width - "  heap".length() - "  inst".length() - 1, new Style(false));
        header = narrower.lines().findFirst().orElseThrow();
        assertFalse(header.contains("rps"), narrower);
        assertTrue(header.contains("port"), "port outlasts rps: " + narrower);
    }

    @Test
    void ratesReadAsPeopleSayThem() {
        assertEquals("-", Formats.rate(null));
        assertEquals("0", Formats.rate(0.0));
        assertEquals("0.3", Formats.rate(0.3));
        assertEquals("123", Formats.rate(123.4));
        assertEquals("45.2k", Formats.rate(45_210.0));
        assertEquals("0.8ms", Formats.latency(0.75));
        assertEquals("240ms", Formats.latency(240.0));
        assertEquals("2.5s", Formats.latency(2_500.0));
        assertEquals("-", Formats.latency(null));
    }
}
