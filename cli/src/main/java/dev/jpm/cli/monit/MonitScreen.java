package dev.jpm.cli.monit;

import dev.jpm.cli.render.Formats;
import dev.jpm.cli.render.Style;
import dev.jpm.cli.render.Table;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Lays the monitor out at a given size: a title bar, the instance table (columns dropped by
 * priority to fit the width, the selected row in reverse video), the log pane when open, and a
 * footer with the keys or the last message. Pure, so it is tested at fixed sizes.
 */
public final class MonitScreen {
    private static final Table.Column MEMORY = new Table.Column("memory", true, 80);
    private static final List<Table.Column> COLUMNS = List.of(
            new Table.Column("id", true, 100),
            new Table.Column("name", false, 99),
            new Table.Column("pid", true, 50),
            new Table.Column("status", false, 98),
            new Table.Column("↺", true, 60),
            new Table.Column("uptime", true, 45),
            new Table.Column("cpu", true, 90),
            new Table.Column("cpu " + MonitModel.HISTORY + "s", false, 15),
            MEMORY,
            new Table.Column("heap used/committed", true, 30),
            new Table.Column("gc Δ", true, 20),
            new Table.Column("threads", true, 25));
    /**
     * After memory, only when some app balances http: requests per second outlast uptime and pid;
     * p99 outlasts heap but goes before uptime.
     */
    private static final List<Table.Column> HTTP_COLUMNS = List.of(
            new Table.Column("rps", true, 55),
            new Table.Column("p99", true, 35));
    private static final int HTTP_AT = COLUMNS.indexOf(MEMORY) + 1;
    private static final int MAX_PANE = 12;
    private static final String KEYS = "↑↓ select  l logs  r restart  s stop  ? help  q quit";
    static final List<String> HELP = List.of(
            "Keys",
            "  ↑ ↓        select an instance",
            "  l          show or hide the selected instance's log tail",
            "  r          restart the selected instance",
            "  s          stop the selected instance",
            "  ?          show or hide this help",
            "  q, Ctrl-C  quit",
            "",
            "Columns",
            "  cpu        percent of one core; the bars show the last " + MonitModel.HISTORY + " refreshes",
            "  memory     resident memory of the instance and its children",
            "  heap       JVM heap used / committed, from HotSpot perf data ('-' when the JVM publishes none)",
            "  gc Δ       collections and GC time since the previous refresh",
            "  threads    live Java threads",
            "  rps, p99   http apps: requests per second over the last 10 s, and the latency 99% of",
            "             requests stayed under since the instance came online");

    private MonitScreen() {
    }

    public static List<AttributedString> render(MonitModel model, int width, int height) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(title(model, width));
        int body = Math.max(0, height - 2);
        if (model.helpOpen()) {
            HELP.forEach(h -> lines.add(new AttributedString(" " + h)));
        } else {
            int pane = model.logsOpen() ? Math.min(MAX_PANE, body / 2) : 0;
            lines.addAll(table(model, width, body - pane));
            while (lines.size() < 1 + body - pane) {
                lines.add(AttributedString.EMPTY);
            }
            lines.addAll(pane(model, width, pane));
        }
        while (lines.size() < 1 + body) {
            lines.add(AttributedString.EMPTY);
        }
        List<AttributedString> fitted = new ArrayList<>(lines.subList(0, Math.min(lines.size(), 1 + body)));
        if (height >= 2) {
            fitted.add(footer(model));
        }
        return fitted.stream().limit(Math.max(0, height)).map(l -> l.columnSubSequence(0, width)).toList();
    }

    private static AttributedString title(MonitModel model, int width) {
        long online = model.rows().stream().filter(v -> v.status() == InstanceStatus.ONLINE).count();
        String left = " jpm monit  " + model.rows().size() + " instance" + (model.rows().size() == 1 ? "" : "s")
                + ", " + online + " online";
        String right = "? help  q quit ";
        int gap = Math.max(1, width - left.length() - right.length());
        String text = gap + left.length() + right.length() > width ? left : left + " ".repeat(gap) + right;
        return padded(text, width, AttributedStyle.INVERSE.bold());
    }

    private static List<AttributedString> table(MonitModel model, int width, int height) {
        if (model.rows().isEmpty()) {
            return List.of(new AttributedString(""), new AttributedString(
                    " no apps are managed; start one with 'jpm start ecosystem.yaml' or 'jpm start app.jar'",
                    AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT)));
        }
        Style style = new Style(true);
        boolean http = model.rows().stream().anyMatch(v -> v.requests() != null);
        List<Table.Column> columns = new ArrayList<>(COLUMNS);
        if (http) {
            columns.addAll(HTTP_AT, HTTP_COLUMNS);
        }
        Table table = new Table(columns);
        for (InstanceView v : model.rows()) {
            List<String> cells = new ArrayList<>(cells(model, v, style));
            if (http) {
                cells.addAll(HTTP_AT, List.of(Formats.rate(v.requests() == null ? null : v.requests().rps()),
                        Formats.latency(v.requests() == null ? null : v.requests().p99Ms())));
            }
            table.add(cells);
        }
        List<String> rendered = table.render(width, style).lines().toList();
        List<AttributedString> out = new ArrayList<>();
        out.add(AttributedString.fromAnsi(rendered.get(0)));
        int visible = Math.max(0, height - 1);
        int selected = model.selectedIndex();
        int first = selected < visible ? 0 : selected - visible + 1;
        for (int i = first; i < Math.min(model.rows().size(), first + visible); i++) {
            AttributedString row = AttributedString.fromAnsi(rendered.get(i + 1));
            out.add(i == selected ? padded(row.toString(), width, AttributedStyle.INVERSE) : row);
        }
        return out;
    }

    static List<String> cells(MonitModel model, InstanceView v, Style style) {
        List<Double> history = model.cpuHistory(v.id());
        double top = Math.max(100, history.stream().filter(d -> d != null).mapToDouble(Double::doubleValue).max().orElse(0));
        MonitModel.GcDelta gc = model.gcDelta(v.id());
        return List.of(
                Integer.toString(v.id()),
                style.cyan(v.name() + "#" + v.instance()),
                Formats.orDash(v.pid()),
                style.status(v.status()),
                Integer.toString(v.restarts()),
                v.status() == InstanceStatus.ONLINE ? Formats.duration(v.uptimeMs()) : "-",
                Formats.percent(v.cpu()),
                style.green(Sparkline.of(history, top)),
                Formats.bytes(v.memory()),
                v.heapUsed() == null ? "-" : Formats.bytes(v.heapUsed()) + "/" + Formats.bytes(v.heapCommitted()),
                gc == null ? "-" : gc.count() + "/" + gc.ms() + "ms",
                Formats.orDash(v.threads()));
    }

    private static List<AttributedString> pane(MonitModel model, int width, int height) {
        if (height <= 0) {
            return List.of();
        }
        InstanceView v = model.selected();
        List<AttributedString> out = new ArrayList<>();
        // plain ASCII: jline would swap box-drawing characters for the terminal's line-drawing set
        String heading = v == null ? " logs" : " logs of " + v.name() + "#" + v.instance() + " (id " + v.id() + ")";
        out.add(padded(heading, width, AttributedStyle.INVERSE));
        List<MonitModel.LogLine> lines = model.logLines();
        if (lines.isEmpty()) {
            out.add(new AttributedString(" (no output yet)", AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT)));
        }
        for (MonitModel.LogLine line : lines.subList(Math.max(0, lines.size() - (height - 1)), lines.size())) {
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.styled(AttributedStyle.DEFAULT.foreground(line.err() ? AttributedStyle.RED : AttributedStyle.BRIGHT),
                    line.err() ? " err  " : " out  ");
            b.append(line.text());
            out.add(b.toAttributedString());
        }
        while (out.size() < height) {
            out.add(AttributedString.EMPTY);
        }
        return out.subList(0, height);
    }

    private static AttributedString footer(MonitModel model) {
        if (model.message().isEmpty()) {
            return new AttributedString(" " + KEYS, AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT));
        }
        return new AttributedString(" " + model.message(),
                AttributedStyle.DEFAULT.foreground(model.messageIsError() ? AttributedStyle.RED : AttributedStyle.GREEN));
    }

    private static AttributedString padded(String text, int width, AttributedStyle style) {
        String plain = text.length() >= width ? text : text + " ".repeat(width - text.length());
        return new AttributedString(plain, style);
    }
}
