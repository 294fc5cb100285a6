package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.balancer.ProxyHeader;
import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs liveness checks: one HTTP GET with a deadline, on a small pool, never on the supervisor's
 * thread (a hung instance holds a check for the whole {@code health_timeout}). A few threads serve
 * every instance, and they end after a minute without checks, so an idle daemon keeps none; a
 * check waits in the queue rather than starting a thread of its own, and the supervisor keeps at
 * most one in flight per instance ({@link dev.jpm.daemon.policy.LivenessTracker}).
 */
final class LivenessProbe {
    /** Checks of healthy instances take a millisecond; four threads let three hung ones time out without delaying the rest. */
    private static final int THREADS = 4;
    private static final long IDLE_THREAD_MS = 60_000;

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, IDLE_THREAD_MS, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "liveness");
                t.setDaemon(true);
                return t;
            });

    LivenessProbe() {
        pool.allowCoreThreadTimeOut(true);
    }

    /** A check of {@code http://host:port/path}: completes with null when it answered 2xx in time, else with why not. */
    CompletableFuture<String> check(String host, int port, String path, ProxyProtocol proxyProtocol, long timeoutMs) {
        return CompletableFuture.supplyAsync(() -> get(host, port, path, ProxyHeader.local(proxyProtocol), timeoutMs), pool);
    }

    /** On a pool thread: the whole exchange, connect included, must end within {@code timeoutMs}. */
    static String get(String host, int port, String path, byte[] proxyHeader, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeoutMs));
            OutputStream out = socket.getOutputStream();
            out.write(proxyHeader);
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n"
                    + "User-Agent: jpm-liveness\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = statusCode(socket, deadline);
            if (status == null) {
                return "the connection closed before an HTTP status";
            }
            return status.charAt(0) == '2' ? null : "status " + status;
        } catch (SocketTimeoutException e) {
            return "timeout after " + seconds(timeoutMs);
        } catch (ConnectException e) {
            return "connection refused on port " + port;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The three digits of "HTTP/1.1 200 ...", or null when the answer is not an HTTP status line. */
    private static String statusCode(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] head = new byte[12];
        int n = 0;
        while (n < head.length) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) leftMs);
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        String line = new String(head, 0, n, StandardCharsets.US_ASCII);
        return line.startsWith("HTTP/") && line.length() >= 12 ? line.substring(9, 12) : null;
    }

    /** "2s", "1.5s", "500ms": as the user wrote it, near enough. */
    private static String seconds(long ms) {
        if (ms < 1_000) {
            return ms + "ms";
        }
        return ms % 1_000 == 0 ? ms / 1_000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1_000.0);
    }

    void shutdown() {
        pool.shutdownNow();
    }
}
