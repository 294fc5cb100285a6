package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jpm.protocol.view.RequestsView;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescribeRequestsTest {
    private static final List<Long> BUCKETS = List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);

    @Test
    void oneLineSaysHowManyHowFastHowAnsweredHowLong() {
        RequestsView r = new RequestsView(1_234, 61.7, 0, 1_200, 0, 30, 4, 2.04, 41.0, 3, BUCKETS, 5.0);
        assertEquals("1234 in all, 62 rps now; 2xx 1200, 3xx 0, 4xx 30, 5xx 4; p50 2.0ms, p99 41ms; 3 retried",
                DescribeCommand.requests(r));
    }

    @Test
    void informationalAnswersShowOnlyWhenThereAreAny() {
        RequestsView r = new RequestsView(2, 0.2, 1, 1, 0, 0, 0, 0.5, 0.99, 0, BUCKETS, 0.001);
        assertEquals("2 in all, 0.2 rps now; 1xx 1, 2xx 1, 3xx 0, 4xx 0, 5xx 0; p50 0.5ms, p99 1.0ms; 0 retried",
                DescribeCommand.requests(r));
    }

    @Test
    void anUnusedPortHasNoLatencyYet() {
        RequestsView r = new RequestsView(0, 0, 0, 0, 0, 0, 0, null, null, 0, BUCKETS, 0);
        assertEquals("0 in all, 0 rps now; 2xx 0, 3xx 0, 4xx 0, 5xx 0; p50 -, p99 -; 0 retried", DescribeCommand.requests(r));
    }
}
