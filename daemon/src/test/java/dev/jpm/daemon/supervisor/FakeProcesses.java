package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.home.JpmHome;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Instance processes that are only objects: a test decides when each one exits, whether a stop
 * ends it at once, and whether it listens on its internal port (so that the real readiness probe
 * sees a cluster instance come online). Called from the supervisor's thread and the test's.
 */
public final class FakeProcesses implements InstanceProcesses {
    /** Far above any real pid (pid_max is at most 2^22), so a fake pid never names a real process. */
    private static final AtomicLong NEXT_PID = new AtomicLong(1L << 40);

    private final JpmHome home;
    final List<FakeProcess> launched = new CopyOnWriteArrayList<>();
    final List<FakeProcess> stopped = new CopyOnWriteArrayList<>();
    /** The spec each launch was given, in launch order: what the process would have run with. */
    final List<AppSpec> specs = new CopyOnWriteArrayList<>();
    /** Whether a stop ends the process before the stop completes, as SIGTERM does to a well-behaved app. */
    volatile boolean stopEndsProcess = true;
    /** The internal port each launch was given (null without one), in launch order. */
    final List<Integer> ports = new CopyOnWriteArrayList<>();
    /** Whether the next launched processes accept connections on their internal port. */
    volatile boolean listen = true;
    /** When set, every launch fails with it, as a launch the OS refuses does. */
    volatile IOException launchFailure;

    public FakeProcesses(JpmHome home) {
        this.home = home;
    }

    @Override
    public JpmHome home() {
        return home;
    }

    @Override
    public Process launch(AppSpec spec, int id, int index, Integer internalPort) throws IOException {
        if (launchFailure != null) {
            throw launchFailure;
        }
        FakeProcess process = new FakeProcess(internalPort != null && listen ? listenOn(internalPort) : null);
        launched.add(process);
        specs.add(spec);
        ports.add(internalPort);
        return process;
    }

    private static ServerSocket listenOn(int port) throws IOException {
        return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    }

    @Override
    public CompletableFuture<Void> stop(ProcessHandle handle, String signal, long killTimeoutMs) {
        FakeProcess process = launched.stream().filter(p -> p.pid() == handle.pid()).findFirst().orElseThrow();
        stopped.add(process);
        if (stopEndsProcess) {
            process.exit(143);
        }
        return CompletableFuture.completedFuture(null);
    }

    FakeProcess last() {
        return launched.get(launched.size() - 1);
    }

    /** Ends every process still running; for a test's clean-up. */
    public void exitAll() {
        launched.forEach(p -> p.exit(137));
    }

    static final class FakeProcess extends Process {
        private final long pid = NEXT_PID.getAndIncrement();
        private final CompletableFuture<Process> exit = new CompletableFuture<>();
        private final Closeable listening;
        private final Handle handle = new Handle();
        private volatile int exitCode;

        FakeProcess(Closeable listening) {
            this.listening = listening;
        }

        /** The process ends with {@code code}; a second exit changes nothing. */
        void exit(int code) {
            synchronized (this) {
                if (exit.isDone()) {
                    return;
                }
                exitCode = code;
            }
            closeQuietly();
            exit.complete(this);
        }

        private void closeQuietly() {
            try {
                if (listening != null) {
                    listening.close();
                }
            } catch (IOException e) {
                // a socket that will not close is closed enough for a test
            }
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Process> onExit() {
            return exit;
        }

        @Override
        public ProcessHandle toHandle() {
            return handle;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public int exitValue() {
            if (!exit.isDone()) {
                throw new IllegalThreadStateException("still running");
            }
            return exitCode;
        }

        @Override
        public int waitFor() {
            exit.join();
            return exitCode;
        }

        @Override
        public void destroy() {
            exit(143);
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        /** The process as the supervisor holds it once launched. */
        private final class Handle implements ProcessHandle {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public Optional<ProcessHandle> parent() {
                return Optional.empty();
            }

            @Override
            public Stream<ProcessHandle> children() {
                return Stream.empty();
            }

            @Override
            public Stream<ProcessHandle> descendants() {
                return Stream.empty();
            }

            @Override
            public Info info() {
                return new Info() {
                    @Override
                    public Optional<String> command() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> commandLine() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String[]> arguments() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<java.time.Instant> startInstant() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<java.time.Duration> totalCpuDuration() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> user() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public CompletableFuture<ProcessHandle> onExit() {
                return exit.thenApply(p -> this);
            }

            @Override
            public boolean supportsNormalTermination() {
                return true;
            }

            @Override
            public boolean destroy() {
                exit(143);
                return true;
            }

            @Override
            public boolean destroyForcibly() {
                exit(137);
                return true;
            }

            @Override
            public boolean isAlive() {
                return !exit.isDone();
            }

            @Override
            public int compareTo(ProcessHandle other) {
                return Long.compare(pid, other.pid());
            }
        }
    }
}
