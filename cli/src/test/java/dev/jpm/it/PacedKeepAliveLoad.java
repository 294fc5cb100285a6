package dev.jpm.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small keep-alive load on 127.0.0.1: a few threads, each with one connection it keeps, each
 * sending a GET every few milliseconds (about 150 requests a second in all), so the replacements
 * it watches start on a box that is not saturated. Any error or non-200 answer is a failure, and
 * a thread whose connection failed opens a new one and goes on. Bounded by {@code maxMillis}.
 */
final class PacedKeepAliveLoad implements AutoCloseable {
    private static final int THREADS = 4;
    private static final long PAUSE_MS = 25;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    PacedKeepAliveLoad(int port, String path, long maxMillis) {
        long deadline = System.currentTimeMillis() + maxMillis;
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                while (running.get() && System.currentTimeMillis() < deadline) {
                    try (RawHttp client = new RawHttp(port)) {
                        while (running.get() && System.currentTimeMillis() < deadline) {
                            RawHttp.Response response = client.get(path);
                            if (response.status() != 200) {
                                failures.add(response.statusLine());
                            } else {
                                ok.incrementAndGet();
                            }
                            Thread.sleep(PAUSE_MS);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "paced-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    long ok() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(15_000);
        }
    }
}
