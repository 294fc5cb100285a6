package dev.jpm.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The reference workload jpm is tested and demonstrated with: a CPU-heavy HTTP server that
 * serves one request at a time, so adding instances is the only way to add throughput.
 */
public final class DemoServer {

    /**
     * Load tests open a few hundred connections at once; the JDK's default backlog would refuse
     * some of them before the single handler thread gets to them.
     */
    static final int BACKLOG = 1024;

    /**
     * Seconds {@link #stop} gives in-flight requests on SIGTERM. A zero-downtime reload sends
     * SIGTERM to the old instance and relies on its current request still being answered; one
     * second covers /heavy and nearly all of /api/{n}. The JDK 17 server returns as soon as the
     * last exchange completes, but an idle server waits out the whole delay (fixed only in
     * JDK 21), so a longer grace would slow every reload and could outlast a manager's kill
     * timeout.
     */
    static final int SHUTDOWN_GRACE_SECONDS = 1;

    private final HttpServer server;
    private final ExecutorService handlerThread;

    private DemoServer(HttpServer server, ExecutorService handlerThread) {
        this.server = server;
        this.handlerThread = handlerThread;
    }

    public static void main(String[] args) {
        enableNoDelay();

        LaunchConfig config;
        try {
            config = LaunchConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("demo-app: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            SlowStart.await(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("demo-app: " + e.getMessage());
            System.exit(2);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        InetSocketAddress address = config.allInterfaces()
                ? new InetSocketAddress(config.port())
                : new InetSocketAddress(config.host(), config.port());
        DemoServer server;
        try {
            server = start(address, System.getenv());
        } catch (IOException e) {
            System.err.println("demo-app: cannot listen on " + address + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        long pid = ProcessHandle.current().pid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(SHUTDOWN_GRACE_SECONDS);
            System.out.println("demo-app stopped (pid " + pid + ")");
            System.out.flush();
        }, "demo-shutdown"));
        System.out.println("demo-app listening on port " + server.port() + " (pid " + pid + ")");
        System.out.flush();
        // main returns here; the server's dispatcher thread keeps the JVM alive.
    }

    /**
     * Starts a server on {@code address} (port 0 picks a free one) and returns once it is
     * accepting connections. Tests use this to run the server in-process.
     */
    public static DemoServer start(InetSocketAddress address, Map<String, String> env) throws IOException {
        // Again here for in-process callers such as tests; it is a no-op after main's call.
        enableNoDelay();
        HttpServer server = HttpServer.create(address, BACKLOG);
        ExecutorService handlerThread = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "demo-handler");
            // The dispatcher thread is what keeps the JVM up; this one must never hold exit.
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlerThread);
        server.createContext("/", new Routes(env));
        server.start();
        return new DemoServer(server, handlerThread);
    }

    /**
     * Must run before the JDK server's implementation classes load, because they read it once
     * into a static. Without TCP_NODELAY every keep-alive response waits ~40 ms for the client's
     * delayed ACK, which would swamp the latency of the cheap routes.
     */
    private static void enableNoDelay() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** The port actually bound, which differs from the requested one when that was 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops accepting connections, waits up to {@code graceSeconds} for requests in progress to
     * be answered, then closes everything.
     */
    public void stop(int graceSeconds) {
        server.stop(graceSeconds);
        handlerThread.shutdownNow();
    }
}
