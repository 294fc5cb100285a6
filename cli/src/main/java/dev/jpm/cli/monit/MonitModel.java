package dev.jpm.cli.monit;

import dev.jpm.protocol.view.InstanceView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the monitor shows, independent of any terminal: the latest rows, each instance's recent
 * CPU, the GC work since the previous refresh, the selected row, which panes are open and the
 * last message. The selection follows the instance's id, so it stays put as rows change.
 */
public final class MonitModel {
    public static final int HISTORY = 10;

    /** Collections and milliseconds of GC between two refreshes. */
    public record GcDelta(long count, long ms) {
    }

    /** A line of the log pane and whether it came from stderr. */
    public record LogLine(String text, boolean err) {
    }

    private List<InstanceView> rows = List.of();
    private final Map<Integer, Deque<Double>> cpu = new HashMap<>();
    private final Map<Integer, GcDelta> gc = new HashMap<>();
    private final Map<Integer, InstanceView> previous = new HashMap<>();
    private Integer selectedId;
    private boolean logs;
    private boolean help;
    private String message = "";
    private boolean messageIsError;
    private List<LogLine> logLines = List.of();

    /** A new answer from the daemon. */
    public void update(List<InstanceView> fresh) {
        rows = List.copyOf(fresh);
        Map<Integer, InstanceView> now = new HashMap<>();
        for (InstanceView v : rows) {
            now.put(v.id(), v);
            Deque<Double> history = cpu.computeIfAbsent(v.id(), id -> new ArrayDeque<>());
            history.addLast(v.cpu());
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
            gc.put(v.id(), delta(previous.get(v.id()), v));
        }
        cpu.keySet().retainAll(now.keySet());
        gc.keySet().retainAll(now.keySet());
        previous.clear();
        previous.putAll(now);
        if (selectedId == null || !now.containsKey(selectedId)) {
            selectedId = rows.isEmpty() ? null : rows.get(Math.min(selectedIndexOr0(), rows.size() - 1)).id();
        }
    }

    private static GcDelta delta(InstanceView before, InstanceView now) {
        if (before == null || now.gcCount() == null || before.gcCount() == null || now.gcTimeMs() == null
                || before.gcTimeMs() == null || !java.util.Objects.equals(before.pid(), now.pid())) {
            return null;
        }
        return new GcDelta(now.gcCount() - before.gcCount(), now.gcTimeMs() - before.gcTimeMs());
    }

    public List<InstanceView> rows() {
        return rows;
    }

    /** Oldest first, at most {@link #HISTORY}; a null is a moment without a process. */
    public List<Double> cpuHistory(int id) {
        Deque<Double> history = cpu.get(id);
        return history == null ? List.of() : new ArrayList<>(history);
    }

    /** GC since the previous refresh, or null when not known (first sample, new process, no perf data). */
    public GcDelta gcDelta(int id) {
        return gc.get(id);
    }

    public int selectedIndex() {
        for (int i = 0; i < rows.size(); i++) {
            if (selectedId != null && rows.get(i).id() == selectedId) {
                return i;
            }
        }
        return -1;
    }

    private int selectedIndexOr0() {
        return Math.max(0, selectedIndex());
    }

    public InstanceView selected() {
        int i = selectedIndex();
        return i < 0 ? null : rows.get(i);
    }

    public void move(int by) {
        if (!rows.isEmpty()) {
            int i = Math.floorMod(selectedIndexOr0() + by, rows.size());
            selectedId = rows.get(i).id();
        }
    }

    public boolean logsOpen() {
        return logs;
    }

    public void toggleLogs() {
        logs = !logs;
    }

    public boolean helpOpen() {
        return help;
    }

    public void toggleHelp() {
        help = !help;
    }

    public void closeHelp() {
        help = false;
    }

    public String message() {
        return message;
    }

    public boolean messageIsError() {
        return messageIsError;
    }

    public void message(String text, boolean error) {
        message = text == null ? "" : text;
        messageIsError = error;
    }

    public List<LogLine> logLines() {
        return logLines;
    }

    public void logLines(List<LogLine> lines) {
        logLines = List.copyOf(lines);
    }
}
