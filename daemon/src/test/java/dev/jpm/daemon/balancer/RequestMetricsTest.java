package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jpm.protocol.view.RequestsView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {
    private static final long MS = 1_000_000L;

    @Test
    void countsEachStatusClass() {
        AtomicLong clock = new AtomicLong();
        RequestMetrics m = new RequestMetrics(clock::get);
        int[] statuses = {100, 101, 200, 204, 299, 301, 304, 400, 404, 431, 500, 502, 503, 503};
        for (int status : statuses) {
            m.answered(status, 2 * MS);
        }
        m.answered(99, MS);  // nonsense from a backend still counts, in the nearest class
        m.answered(700, MS);
        m.retried();
        clock.addAndGet(1_000_000_000L);
        RequestsView v = m.view();
        assertEquals(3, v.status1xx());
        assertEquals(3, v.status2xx());
        assertEquals(2, v.status3xx());
        assertEquals(3, v.status4xx());
        assertEquals(5, v.status5xx());
        assertEquals(16, v.total());
        assertEquals(16, m.requests());
        assertEquals(1, v.retries());
        assertEquals(1.6, v.rps(), 1e-9);
        assertEquals(14 * 0.002 + 2 * 0.001, v.latencySeconds(), 1e-12);
    }

    @Test
    void aCallerThatHasTheTimeGivesIt() {
        AtomicLong clock = new AtomicLong(50_000_000_000L);
        RequestMetrics m = new RequestMetrics(clock::get);
        for (int i = 0; i < 30; i++) {
            m.answered(200, MS, 45_500_000_000L); // four and a half seconds ago: in the window
        }
        m.answered(200, MS, 20_000_000_000L);     // thirty seconds ago: counted, but not in the rate
        assertEquals(31, m.view().total());
        assertEquals(3.0, m.view().rps(), 1e-9);
    }

    @Test
    void anUnusedPortHasNoQuantile() {
        RequestsView v = new RequestMetrics().view();
        assertEquals(0, v.total());
        assertNull(v.p50Ms());
        assertNull(v.p99Ms());
    }

    @Test
    void twoRecordingThreadsSumExactly() throws Exception {
        RequestMetrics m = new RequestMetrics();
        int perThread = 100_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    m.answered(200 + 100 * ((i + offset) % 4), (i % 50) * MS);
                    if (i % 10 == 0) {
                        m.retried();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        RequestsView v = m.view();
        assertEquals(2L * perThread, v.total());
        assertEquals(perThread / 2, v.status2xx());
        assertEquals(perThread / 2, v.status5xx());
        assertEquals(2L * perThread / 10, v.retries());
        assertEquals(2L * perThread, v.latencyCounts().stream().mapToLong(Long::longValue).sum());
        long sumMs = 0;
        for (int i = 0; i < perThread; i++) {
            sumMs += 2 * (i % 50);
        }
        assertEquals(sumMs / 1000.0, v.latencySeconds(), 1e-6);
    }
}
