package dev.jpm.daemon.metrics.prometheus;

import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.RequestsView;
import java.math.BigDecimal;
import java.util.List;

/**
 * The HTTP request figures of the instances of {@code http} apps, as Prometheus series: answers by
 * status class, a latency histogram in seconds (cumulative buckets, {@code +Inf}, {@code _sum},
 * {@code _count}, as the exposition format defines a histogram) and retries. Each counts since the
 * instance's launch went online, so a restart resets them as a restarted process would. Left out
 * entirely when no app balances http, so tcp-only users see no empty families.
 */
final class RequestSeries {
    static final String REQUESTS = "jpm_http_requests_total";
    static final String DURATION = "jpm_http_request_duration_seconds";
    static final String RETRIES = "jpm_http_retries_total";

    /** The {@code le} label of each bucket, in seconds written out plainly: 0.001, 0.0025, ... 10. */
    private static final List<String> LE = RequestsView.LATENCY_BOUNDS_MS.stream()
            .map(ms -> BigDecimal.valueOf(ms).movePointLeft(3).stripTrailingZeros().toPlainString()).toList();

    private RequestSeries() {
    }

    static void render(List<InstanceView> rows, StringBuilder out) {
        List<InstanceView> http = rows.stream().filter(v -> v.requests() != null).toList();
        if (http.isEmpty()) {
            return;
        }
        header(out, REQUESTS, "counter", "HTTP requests the instance answered, by status class.");
        for (InstanceView v : http) {
            RequestsView r = v.requests();
            long[] classes = {r.status1xx(), r.status2xx(), r.status3xx(), r.status4xx(), r.status5xx()};
            for (int i = 0; i < classes.length; i++) {
                sample(out, REQUESTS, v, ",code=\"" + (i + 1) + "xx\"", classes[i]);
            }
        }
        header(out, DURATION, "histogram", "Time from a request's head to its response's head, through jpm's balancer.");
        for (InstanceView v : http) {
            List<Long> counts = v.requests().latencyCounts();
            long cumulative = 0;
            for (int i = 0; i < counts.size(); i++) {
                cumulative += counts.get(i);
                String le = i < LE.size() ? LE.get(i) : "+Inf";
                sample(out, DURATION + "_bucket", v, ",le=\"" + le + "\"", cumulative);
            }
            sample(out, DURATION + "_sum", v, "", v.requests().latencySeconds());
            sample(out, DURATION + "_count", v, "", cumulative);
        }
        header(out, RETRIES, "counter", "HTTP requests sent again to another instance after their backend connection failed.");
        for (InstanceView v : http) {
            sample(out, RETRIES, v, "", v.requests().retries());
        }
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, InstanceView v, String moreLabels, Number value) {
        out.append(name).append('{').append(PrometheusText.labels(v)).append(moreLabels).append("} ")
                .append(PrometheusText.number(value)).append('\n');
    }
}
