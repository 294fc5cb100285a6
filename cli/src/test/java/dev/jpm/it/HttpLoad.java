package dev.jpm.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small, bounded HTTP load on 127.0.0.1: a few threads each sending GETs, one connection per
 * request, until stopped or until the request budget or time limit is spent. Counts answers by
 * body and failures, so tests can assert zero failed requests across a reload.
 */
final class HttpLoad implements AutoCloseable {
    private static final int SOCKET_TIMEOUT_MS = 10_000;

    private final int port;
    private final String path;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    HttpLoad(int port, String path, int threadCount, long maxRequests, long maxMillis) {
        this.port = port;
        this.path = path;
        long deadline = System.currentTimeMillis() + maxMillis;
        AtomicLong budget = new AtomicLong(maxRequests);
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> {
                while (running.get() && budget.decrementAndGet() >= 0 && System.currentTimeMillis() < deadline) {
                    once();
                }
            }, "load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** One GET on a fresh connection; the body, or null on failure. */
    static String get(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
            s.setSoTimeout(SOCKET_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IOException("not a 200: " + (response.isEmpty() ? "(empty response)" : response.lines().findFirst().orElse("")));
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private void once() {
        try {
            String body = get(port, path);
            ok.incrementAndGet();
            bodies.computeIfAbsent(body.trim(), b -> new AtomicLong()).incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
            failures.add(e.toString());
        }
    }

    long ok() {
        return ok.get();
    }

    long failed() {
        return failed.get();
    }

    List<String> failures() {
        return failures;
    }

    Map<String, AtomicLong> bodies() {
        return bodies;
    }

    /** Waits until at least {@code n} more requests have succeeded, so a change happens under load. */
    void awaitMore(long n, long timeoutMs) throws InterruptedException {
        long target = ok.get() + n;
        JpmHarness.await(n + " more successful requests", timeoutMs, () -> ok.get() >= target);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(SOCKET_TIMEOUT_MS * 2L);
        }
    }
}
