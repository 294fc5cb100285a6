package dev.jpm.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.RequestsView;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class MonitScreenTest {

    static InstanceView row(int id, long pid, double cpu, Long gcCount, Long gcMs) {
        return new InstanceView(id, "web", id, pid, InstanceStatus.ONLINE, 0, 61_000, cpu, 50L << 20, null, null, null, null,
                12L << 20, 64L << 20, 256L << 20, gcCount, gcMs, 19L, null);
    }

    private static List<String> text(MonitModel model, int width, int height) {
        List<AttributedString> lines = MonitScreen.render(model, width, height);
        lines.forEach(l -> assertTrue(l.columnLength() <= width, "fits " + width + ": " + l));
        assertEquals(height, lines.size());
        return lines.stream().map(AttributedString::toString).toList();
    }

    @Test
    void showsEveryColumnWhenWide() {
        MonitModel model = new MonitModel();
        model.update(List.of(row(0, 100, 10, 3L, 30L), row(1, 101, 50, 0L, 0L)));
        model.update(List.of(row(0, 100, 20, 5L, 42L), row(1, 101, 100, 0L, 0L)));
        List<String> screen = text(model, 140, 12);
        assertTrue(screen.get(0).contains("2 instances, 2 online"), screen.get(0));
        String header = screen.get(1);
        for (String column : List.of("id", "name", "pid", "status", "↺", "uptime", "cpu", "cpu 10s", "memory",
                "heap used/committed", "gc Δ", "threads")) {
            assertTrue(header.contains(column), column + " in " + header);
        }
        assertTrue(screen.get(2).contains("web#0") && screen.get(2).contains("2/12ms"), screen.get(2));
        assertTrue(screen.get(2).contains("12.0mb/64.0mb"), screen.get(2));
        assertTrue(screen.get(3).contains("▅█"), "50% then 100% of a core: " + screen.get(3));
        assertTrue(screen.get(11).contains("q quit"), "footer: " + screen.get(11));
    }

    @Test
    void dropsLowPriorityColumnsWhenNarrow() {
        MonitModel model = new MonitModel();
        model.update(List.of(row(0, 100, 10, 3L, 30L)));
        String header = text(model, 70, 10).get(1);
        assertFalse(header.contains("cpu 10s"), header);
        assertFalse(header.contains("gc Δ"), header);
        assertTrue(header.contains("status") && header.contains("memory") && header.contains("cpu"), header);
    }

    @Test
    void selectionFollowsTheInstanceAndWraps() {
        MonitModel model = new MonitModel();
        model.update(List.of(row(0, 100, 0, null, null), row(1, 101, 0, null, null)));
        assertEquals(0, model.selected().id());
        model.move(1);
        assertEquals(1, model.selected().id());
        model.update(List.of(row(5, 105, 0, null, null), row(1, 101, 0, null, null)));
        assertEquals(1, model.selected().id(), "still the same instance after rows change order");
        model.move(1);
        assertEquals(5, model.selected().id(), "wraps around");
    }

    @Test
    void gcDeltaNeedsTwoSamplesOfTheSameProcess() {
        MonitModel model = new MonitModel();
        model.update(List.of(row(0, 100, 0, 3L, 30L)));
        assertNull(model.gcDelta(0));
        model.update(List.of(row(0, 200, 0, 1L, 5L)));
        assertNull(model.gcDelta(0), "a restart is a new JVM, its counters start over");
        model.update(List.of(row(0, 200, 0, 4L, 9L)));
        assertEquals(new MonitModel.GcDelta(3, 4), model.gcDelta(0));
    }

    @Test
    void logPaneShowsTheSelectedInstancesLines() {
        MonitModel model = new MonitModel();
        model.update(List.of(row(0, 100, 0, null, null), row(1, 101, 0, null, null)));
        model.move(1);
        model.toggleLogs();
        model.logLines(List.of(new MonitModel.LogLine("hello", false), new MonitModel.LogLine("oops", true)));
        List<String> screen = text(model, 100, 20);
        int heading = -1;
        for (int i = 0; i < screen.size(); i++) {
            if (screen.get(i).contains("logs of web#1 (id 1)")) {
                heading = i;
            }
        }
        assertTrue(heading > 3, String.join("\n", screen));
        assertTrue(screen.get(heading + 1).contains("out  hello"));
        assertTrue(screen.get(heading + 2).contains("err  oops"));
    }

    @Test
    void helpReplacesTheTableAndEmptyModelSaysSo() {
        MonitModel model = new MonitModel();
        model.update(List.of());
        assertTrue(String.join("\n", text(model, 100, 10)).contains("no apps are managed"));
        model.toggleHelp();
        List<String> screen = text(model, 100, 24);
        assertTrue(screen.get(1).contains("Keys"), screen.get(1));
        assertTrue(String.join("\n", screen).contains("restart the selected instance"));
    }

    @Test
    void tinyTerminalsDoNotBreakIt() {
        MonitModel model = new MonitModel();
        model.update(List.of(row(0, 100, 0, null, null)));
        text(model, 10, 1);
        text(model, 1, 3);
        model.toggleHelp();
        text(model, 30, 4);
    }

    private static InstanceView http(int id, double rps, double p99Ms) {
        return row(id, 100 + id, 10, 1L, 1L).withRequests(new RequestsView(5_000, rps, 0, 5_000, 0, 0, 0, 1.0, p99Ms, 0,
                List.of(0L, 5_000L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), 9.0));
    }

    @Test
    void httpAppsShowRequestsPerSecondAndP99AfterMemory() {
        MonitModel model = new MonitModel();
        model.update(List.of(http(0, 1_234.0, 2.4), row(1, 101, 10, 1L, 1L)));
        List<String> screen = text(model, 160, 8);
        assertTrue(screen.get(1).matches(".*memory +rps +p99 +heap used/committed.*"), screen.get(1));
        assertTrue(screen.get(2).matches(".*50\\.0mb +1\\.2k +2\\.4ms +12\\.0mb.*"), screen.get(2));
        assertTrue(screen.get(3).matches(".*50\\.0mb +- +- +12\\.0mb.*"), "no figures for a tcp app: " + screen.get(3));
        model.update(List.of(row(1, 101, 10, 1L, 1L)));
        assertFalse(text(model, 160, 8).get(1).contains("rps"), "no http app, no column");
    }

    @Test
    void p99GoesAfterHeapAndRpsAfterPidWhenNarrow() {
        MonitModel model = new MonitModel();
        model.update(List.of(http(0, 12.0, 240.0)));
        java.util.Map<String, Integer> goneBelow = new java.util.HashMap<>();
        for (int width = 160; width >= 30; width--) {
            String header = text(model, width, 6).get(1);
            for (String column : List.of("heap used/committed", "p99", "pid", "rps", "uptime")) {
                if (!header.contains(column)) {
                    goneBelow.putIfAbsent(column, width);
                }
            }
        }
        assertTrue(goneBelow.get("heap used/committed") > goneBelow.get("p99"), goneBelow.toString());
        assertTrue(goneBelow.get("p99") > goneBelow.get("uptime"), goneBelow.toString());
        assertTrue(goneBelow.get("uptime") > goneBelow.get("pid"), goneBelow.toString());
        assertTrue(goneBelow.get("pid") > goneBelow.get("rps"), goneBelow.toString());
    }
}
