package dev.jpm.cli.render;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import java.util.ArrayList;
import java.util.List;

/** The process table of {@code list}, {@code start} and the other commands that change instances. */
public final class InstanceTable {
    private static final Table.Column PORT = new Table.Column("port", true, 30);
    private static final List<Table.Column> COLUMNS = List.of(
            new Table.Column("id", true, 100),
            new Table.Column("name", false, 99),
            new Table.Column("inst", true, 20),
            new Table.Column("pid", true, 50),
            new Table.Column("status", false, 98),
            new Table.Column("↺", true, 60),
            new Table.Column("uptime", true, 40),
            new Table.Column("cpu", true, 70),
            new Table.Column("memory", true, 65),
            PORT,
            new Table.Column("heap", true, 10));
    /** Right after port, only when some app balances http; it goes after heap and inst when the width is short. */
    private static final Table.Column RPS = new Table.Column("rps", true, 25);
    private static final int RPS_AT = COLUMNS.indexOf(PORT) + 1;

    private InstanceTable() {
    }

    public static String render(List<InstanceView> rows, int width, Style style) {
        if (rows.isEmpty()) {
            return style.grey("no apps are managed; start one with 'jpm start ecosystem.yaml' or 'jpm start app.jar'") + "\n";
        }
        boolean http = rows.stream().anyMatch(v -> v.requests() != null);
        List<Table.Column> columns = new ArrayList<>(COLUMNS);
        if (http) {
            columns.add(RPS_AT, RPS);
        }
        Table table = new Table(columns);
        for (InstanceView v : rows) {
            List<String> cells = new ArrayList<>(List.of(
                    Integer.toString(v.id()),
                    style.cyan(v.name()),
                    Integer.toString(v.instance()),
                    Formats.orDash(v.pid()),
                    style.status(v.status()),
                    Integer.toString(v.restarts()),
                    v.status() == InstanceStatus.ONLINE ? Formats.duration(v.uptimeMs()) : "-",
                    Formats.percent(v.cpu()),
                    Formats.bytes(v.memory()),
                    publicPort(v, style),
                    Formats.bytes(v.heapUsed())));
            if (http) {
                cells.add(RPS_AT, Formats.rate(v.requests() == null ? null : v.requests().rps()));
            }
            table.add(cells);
        }
        return table.render(width, style);
    }

    /** The public port, and the balancer's state when it is not simply listening: a port that says nothing works. */
    static String publicPort(InstanceView v, Style style) {
        if (v.publicPort() == null) {
            return "-";
        }
        String port = v.publicPort().toString();
        return v.balancer() == null || "listening".equals(v.balancer()) ? port : port + " "
                + ("full".equals(v.balancer()) ? style.yellow(v.balancer()) : style.red(v.balancer()));
    }

    /** The width to fit: the terminal's when the shell exports it, else a classic 120. */
    public static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        try {
            return columns == null ? 120 : Math.max(20, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
