package dev.jpm.cli.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table that fits a width: columns are declared with a priority, and when the rows do not
 * fit, the least important columns are dropped rather than the lines wrapped.
 */
public final class Table {
    /** A column: its header, whether it aligns right, and how important it is (lower drops first). */
    public record Column(String header, boolean right, int priority) {
    }

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<Column> columns) {
        this.columns = columns;
    }

    public void add(List<String> cells) {
        rows.add(cells);
    }

    public String render(int width, Style style) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            shown.add(i);
        }
        int[] widths = widths();
        while (total(shown, widths) > width && shown.size() > 1) {
            Integer weakest = shown.stream().min((a, b) -> Integer.compare(columns.get(a).priority(), columns.get(b).priority())).get();
            shown.remove(weakest);
        }
        StringBuilder out = new StringBuilder();
        List<String> headers = columns.stream().map(Column::header).toList();
        line(out, headers, shown, widths, style, true);
        for (List<String> row : rows) {
            line(out, row, shown, widths, style, false);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, List<Integer> shown, int[] widths, Style style, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int n = 0; n < shown.size(); n++) {
            int i = shown.get(n);
            String cell = cells.get(i);
            int pad = widths[i] - Style.visibleLength(cell);
            String text = header ? style.bold(cell) : cell;
            if (columns.get(i).right()) {
                line.append(" ".repeat(pad)).append(text);
            } else {
                line.append(text).append(n == shown.size() - 1 ? "" : " ".repeat(pad));
            }
            if (n < shown.size() - 1) {
                line.append("  ");
            }
        }
        out.append(line).append('\n');
    }

    private int[] widths() {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = Style.visibleLength(columns.get(i).header());
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], Style.visibleLength(row.get(i)));
            }
        }
        return widths;
    }

    private static int total(List<Integer> shown, int[] widths) {
        return shown.stream().mapToInt(i -> widths[i]).sum() + 2 * (shown.size() - 1);
    }
}
