package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.balancer.ProxyHeader;
import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Tells when a cluster instance is ready for traffic: its internal port accepts a connection, or,
 * with a {@code health_path}, a GET of that path answers 2xx. Until then the balancer sends it
 * nothing; {@code reload} waits on this before it retires the old instance.
 */
final class ReadinessProbe {
    private static final long POLL_MS = 50;
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int READ_TIMEOUT_MS = 2_000;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "readiness");
        t.setDaemon(true);
        return t;
    });

    /**
     * When to stop probing an instance that is not ready yet. Asked on the probe's thread before
     * every attempt; the reason it gives is the start's failure.
     */
    interface Patience {
        /** Why to stop now, or empty to probe again. */
        Optional<String> giveUp();

        /** A first start's wait: {@code timeoutMs} (listen_timeout), and not a moment after the process has gone. */
        static Patience within(long timeoutMs, BooleanSupplier alive) {
            long deadline = System.currentTimeMillis() + timeoutMs;
            return () -> !alive.getAsBoolean() ? Optional.of("its process ended")
                    : System.currentTimeMillis() > deadline ? Optional.of("did not come online within listen_timeout (" + timeoutMs + " ms)")
                    : Optional.empty();
        }
    }

    /**
     * Completes with empty once ready, or with the reason {@code patience} gave up (the process
     * died, a stop began, the time ran out).
     */
    CompletableFuture<Optional<String>> await(int port, String healthPath, ProxyProtocol proxyProtocol, Patience patience) {
        CompletableFuture<Optional<String>> result = new CompletableFuture<>();
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                Optional<String> reason = patience.giveUp();
                if (reason.isPresent()) {
                    result.complete(reason);
                } else if (ready(port, healthPath, proxyProtocol)) {
                    result.complete(Optional.empty());
                } else {
                    thread.schedule(this, POLL_MS, TimeUnit.MILLISECONDS);
                }
            }
        };
        thread.schedule(attempt, POLL_MS, TimeUnit.MILLISECONDS);
        return result;
    }

    /** With a PROXY protocol, the health check's GET goes after the spec's header for a connection that has no client. */
    static boolean ready(int port, String healthPath, ProxyProtocol proxyProtocol) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
            return healthPath == null || healthy(socket, port, healthPath, ProxyHeader.local(proxyProtocol));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean healthy(Socket socket, int port, String path, byte[] proxyHeader) throws IOException {
        socket.setSoTimeout(READ_TIMEOUT_MS);
        OutputStream out = socket.getOutputStream();
        out.write(proxyHeader);
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                + "User-Agent: jpm-health\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] head = new byte[12];
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        String status = new String(head, 0, n, StandardCharsets.US_ASCII);
        // "HTTP/1.1 200" → the status code's first digit
        return status.startsWith("HTTP/") && status.length() >= 10 && status.charAt(9) == '2';
    }

    void shutdown() {
        thread.shutdownNow();
    }
}
