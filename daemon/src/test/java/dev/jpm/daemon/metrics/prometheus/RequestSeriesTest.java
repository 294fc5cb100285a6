package dev.jpm.daemon.metrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.RequestsView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestSeriesTest {
    /** 14 buckets: 13 bounds and the overflow; 1,000 requests, 3 slower than 10 s. */
    static final RequestsView REQUESTS = new RequestsView(1_000, 12.5, 1, 900, 20, 60, 19, 3.1, 820.0, 7,
            List.of(0L, 100L, 400L, 200L, 100L, 100L, 50L, 20L, 10L, 10L, 4L, 2L, 1L, 3L), 0.0001);
    static final InstanceView HTTP = new InstanceView(5, "api", 0, 2222L, InstanceStatus.ONLINE, 0, 1000, 1.0, 1L << 20,
            41000, 8080, 1L, 2L, null, null, null, null, null, null, "listening").withRequests(REQUESTS);

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\} "
                    + "(-?(?:[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\+Inf|-Inf|NaN))");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void histogramIsCumulativeEndsInInfAndCountsWhatItsBucketsSay() {
        Map<String, List<Sample>> families = parse(PrometheusText.render(List.of(HTTP, MetricsEndpointTest.WEB)));
        List<Sample> buckets = families.get(RequestSeries.DURATION).stream().filter(s -> s.name.endsWith("_bucket")).toList();
        assertEquals(14, buckets.size());
        List<String> le = buckets.stream().map(s -> s.labels.get("le")).toList();
        assertEquals(List.of("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"), le);
        double previous = 0;
        for (Sample b : buckets) {
            assertTrue(b.value >= previous, "cumulative: " + buckets);
            previous = b.value;
            assertEquals("api", b.labels.get("app"));
            assertEquals("5", b.labels.get("id"));
        }
        assertEquals(1_000, previous);
        assertEquals(997, buckets.get(12).value, "all but the 3 slower than 10 s");
        assertEquals(100, buckets.get(1).value);
        assertEquals(500, buckets.get(2).value);
        assertEquals(1_000, value(families, RequestSeries.DURATION, "jpm_http_request_duration_seconds_count", Map.of()));
        assertEquals(0.0001, value(families, RequestSeries.DURATION, "jpm_http_request_duration_seconds_sum", Map.of()), 1e-12);
    }

    @Test
    void requestsByStatusClassAndRetries() {
        Map<String, List<Sample>> families = parse(PrometheusText.render(List.of(HTTP)));
        assertEquals(900, value(families, RequestSeries.REQUESTS, RequestSeries.REQUESTS, Map.of("code", "2xx")));
        assertEquals(19, value(families, RequestSeries.REQUESTS, RequestSeries.REQUESTS, Map.of("code", "5xx")));
        assertEquals(5, families.get(RequestSeries.REQUESTS).size(), "one series per class, 1xx to 5xx");
        assertEquals(7, value(families, RequestSeries.RETRIES, RequestSeries.RETRIES, Map.of()));
    }

    @Test
    void noHttpAppNoHttpFamilies() {
        String text = PrometheusText.render(List.of(MetricsEndpointTest.WEB));
        assertFalse(text.contains("jpm_http_"), text);
        parse(text);
    }

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private static double value(Map<String, List<Sample>> families, String family, String name, Map<String, String> labels) {
        return families.get(family).stream().filter(s -> s.name.equals(name))
                .filter(s -> s.labels.entrySet().containsAll(labels.entrySet())).mapToDouble(Sample::value)
                .reduce((a, b) -> { throw new AssertionError("more than one " + name + labels); }).orElseThrow();
    }

    /**
     * Reads the text as a Prometheus scraper would and fails on what it would reject: every sample
     * after its family's HELP and TYPE, named as the type allows, no family twice, no series twice.
     */
    static Map<String, List<Sample>> parse(String text) {
        assertTrue(text.endsWith("\n"), "the last line ends with a newline");
        Map<String, List<Sample>> families = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        List<String> seenSeries = new ArrayList<>();
        String current = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                current = line.split(" ")[2];
                assertFalse(families.containsKey(current), "family twice: " + current);
                families.put(current, new ArrayList<>());
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertEquals(current, parts[2], "TYPE after its HELP");
                assertTrue(List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3]), line);
                types.put(parts[2], parts[3]);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            String name = m.group(1);
            boolean histogram = "histogram".equals(types.get(current));
            assertTrue(name.equals(current) || histogram && List.of(current + "_bucket", current + "_sum", current + "_count").contains(name),
                    name + " under family " + current);
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            assertTrue(!histogram || name.endsWith("_bucket") == labels.containsKey("le"), "le on buckets only: " + line);
            String series = name + labels;
            assertFalse(seenSeries.contains(series), "series twice: " + series);
            seenSeries.add(series);
            String v = m.group(3);
            double value = v.equals("+Inf") ? Double.POSITIVE_INFINITY : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v);
            families.get(current).add(new Sample(name, labels, value));
        }
        return families;
    }
}
