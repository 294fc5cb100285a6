package dev.jpm.daemon.metrics.prometheus;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Instance rows in the Prometheus text exposition format (version 0.0.4): for each metric a
 * {@code # HELP} and a {@code # TYPE} line, then one sample per instance labelled with its app,
 * jpm id and index. An instance without a figure (no process, no perf data) has no sample. The
 * request figures of {@code http} apps follow, from {@link RequestSeries}.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private record Metric(String name, String type, String help, Function<InstanceView, Number> value) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("jpm_instance_up", "gauge", "1 when the instance is online, else 0.",
                    v -> v.status() == InstanceStatus.ONLINE ? 1 : 0),
            new Metric("jpm_instance_cpu_percent", "gauge", "CPU use of the instance and its children, percent of one core.",
                    InstanceView::cpu),
            new Metric("jpm_instance_memory_bytes", "gauge", "Resident memory of the instance and its children.",
                    InstanceView::memory),
            new Metric("jpm_instance_restarts_total", "counter", "Restarts of the instance since it was started.",
                    InstanceView::restarts),
            new Metric("jpm_instance_uptime_seconds", "gauge", "Seconds since the instance came online.",
                    v -> v.status() == InstanceStatus.ONLINE ? v.uptimeMs() / 1000.0 : null),
            new Metric("jpm_instance_heap_used_bytes", "gauge", "JVM heap in use (HotSpot perf data).",
                    InstanceView::heapUsed),
            new Metric("jpm_instance_heap_max_bytes", "gauge", "JVM heap ceiling (HotSpot perf data).",
                    InstanceView::heapMax),
            new Metric("jpm_instance_gc_collections_total", "counter", "Garbage collections since the JVM started.",
                    InstanceView::gcCount),
            new Metric("jpm_instance_gc_seconds_total", "counter", "Time spent in garbage collection since the JVM started.",
                    v -> v.gcTimeMs() == null ? null : v.gcTimeMs() / 1000.0),
            new Metric("jpm_instance_threads", "gauge", "Live Java threads of the instance.",
                    InstanceView::threads));

    private PrometheusText() {
    }

    public static String render(List<InstanceView> rows) {
        StringBuilder out = new StringBuilder();
        for (Metric m : METRICS) {
            out.append("# HELP ").append(m.name()).append(' ').append(m.help()).append('\n');
            out.append("# TYPE ").append(m.name()).append(' ').append(m.type()).append('\n');
            for (InstanceView v : rows) {
                Number value = m.value().apply(v);
                if (value != null) {
                    out.append(m.name()).append('{').append(labels(v)).append("} ").append(number(value)).append('\n');
                }
            }
        }
        RequestSeries.render(rows, out);
        return out.toString();
    }

    /** The labels that name an instance: its app, jpm id and index. */
    static String labels(InstanceView v) {
        return "app=\"" + escape(v.name()) + "\",id=\"" + v.id() + "\",instance=\"" + v.instance() + "\"";
    }

    static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
        }
        return n.toString();
    }

    /** Label values escape backslash, double quote and newline. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
