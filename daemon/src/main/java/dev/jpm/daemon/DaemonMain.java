package dev.jpm.daemon;

import dev.jpm.daemon.balancer.Balancer;
import dev.jpm.daemon.control.ControlServer;
import dev.jpm.daemon.control.RequestHandler;
import dev.jpm.daemon.jvm.JvmOperations;
import dev.jpm.daemon.logs.LogService;
import dev.jpm.daemon.logs.StampedOutput;
import dev.jpm.daemon.metrics.MetricsCache;
import dev.jpm.daemon.metrics.ProcProcessSampler;
import dev.jpm.daemon.metrics.Sampler;
import dev.jpm.daemon.metrics.jvm.HsPerfDataSampler;
import dev.jpm.daemon.metrics.prometheus.MetricsEndpoint;
import dev.jpm.daemon.policy.Clock;
import dev.jpm.daemon.state.AtomicFiles;
import dev.jpm.daemon.supervisor.OsProcesses;
import dev.jpm.daemon.supervisor.Supervisor;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.ProcEnvironScanner;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.wire.ExitCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The daemon's entry point: one per {@code JPM_HOME}, started detached by the CLI (or in the
 * foreground by systemd or {@code jpm run}: {@link DaemonMode}). It takes the home's lock, picks
 * up what an earlier daemon left running, and serves the socket until {@code jpm kill}. A daemon
 * that is killed leaves its instances running for the next one.
 */
public final class DaemonMain {
    /** Ten polls of the log streams (LogStreamer.POLL_MS), enough for a loaded machine, and short beside a stop. */
    private static final long FOLLOWERS_LINGER_MS = 1_000;

    private DaemonMain() {
    }

    public static void main(String[] args) throws Exception {
        DaemonExit.onStartFailure();
        DaemonMode mode = DaemonMode.parse(args);
        JpmHome home = JpmHome.fromEnvironment();
        HomeFolder.prepare(home, mode);
        Optional<DaemonLock> lock = DaemonLock.tryAcquire(home.lockFile());
        if (lock.isEmpty() && mode.waitForLock()) {
            Log.info("another daemon holds " + home.lockFile() + "; waiting for it to exit, then taking over its instances");
            lock = Optional.of(DaemonLock.acquireWaiting(home.lockFile()));
        }
        if (lock.isEmpty()) {
            System.err.println("jpm: a daemon already runs for " + home.root() + " (pid file " + home.pidFile() + ")");
            System.exit(ExitCode.DAEMON_ALREADY_RUNNING.number());
            return;
        }
        String version = dev.jpm.protocol.JpmVersion.current();
        Log.info("jpm daemon " + version + " starting, pid " + ProcessHandle.current().pid() + ", home " + home.root());
        // removed at every clean exit (closeQuietly), so still here means the last daemon died (BootResurrection)
        boolean afterACrash = java.nio.file.Files.exists(home.pidFile());
        AtomicFiles.write(home.pidFile(), ProcessHandle.current().pid() + "\n");

        Notices notices = new Notices();
        StateKeeper state = new StateKeeper(home, notices);
        MetricsCache metrics = new MetricsCache();
        Balancer balancer = new Balancer(Balancer.defaultThreads());
        StampedOutput stamped = new StampedOutput(home);
        Supervisor supervisor = new Supervisor(new OsProcesses(home, stamped), balancer, Clock.system(), state,
                new ProcEnvironScanner(home.root())::scan, notices);
        dev.jpm.daemon.state.DaemonState recorded = state.load();
        Futures.await(supervisor.restore(recorded));
        if (mode.resurrect()) {
            BootResurrection.startSavedApps(afterACrash, recorded, home.dumpFile(), supervisor);
        }

        Sampler sampler = new Sampler(new ProcProcessSampler(), HsPerfDataSampler.forCurrentUser(), metrics,
                supervisor.reader()::livePids, supervisor.reader()::memoryLimitedPids, supervisor::memorySample);
        sampler.start();
        HeapTrimmer trimmer = HeapTrimmer.forThisJvm();
        trimmer.start();

        LogService logs = new LogService(home, supervisor.reader()::logSources, stamped);
        logs.start();

        CountDownLatch killed = new CountDownLatch(1);
        RequestHandler handler = new RequestHandler(supervisor, metrics, logs, version, killed::countDown, home.dumpFile(),
                notices, new JvmOperations(home, supervisor.reader()));
        ControlServer server = new ControlServer(home.socket(), handler);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server, home), "shutdown"));
        AtomicInteger exitStatus = new AtomicInteger(0);
        IntConsumer stopAndExit = status -> {
            exitStatus.set(status);
            Futures.await(supervisor.stopEverything());
            killed.countDown();
        };
        if (mode.exitWhenErrored()) {
            ErroredExit.arm(supervisor, stopAndExit);
        }
        if (mode.foreground()) {
            StopSignals.stopEverythingOn(() -> stopAndExit.accept(0));
        } else {
            StopSignals.logBeforeExit();
        }
        Log.info("listening on " + home.socket());
        DaemonExit.serving();
        OwnArchive.makeIfAsked();
        MetricsEndpoint endpoint = metricsEndpoint(() -> {
            metrics.markWanted(); // a Prometheus scrape looks at the figures as list does
            return supervisor.reader().views(metrics);
        });

        killed.await();
        Log.info((mode.foreground() ? "stopped" : "killed by request") + "; every instance is stopped");
        if (mode.foreground()) {
            // the apps' last words ("stopped", a shutdown report) were written as they exited; the log
            // streams poll their files every 100 ms and a container's log is 'jpm run''s stdout, so
            // they get a moment to reach their followers (this process's own, or another terminal's)
            // before the streams close with the process
            Thread.sleep(FOLLOWERS_LINGER_MS);
        }
        sampler.close();
        trimmer.close();
        if (endpoint != null) {
            endpoint.close();
        }
        logs.close();
        // on the supervisor's thread, after any change still queued, and the last write
        Futures.await(supervisor.call(() -> {
            state.forget();
            return null;
        }));
        supervisor.shutdown();
        balancer.close();
        System.exit(exitStatus.get());
    }

    /** The Prometheus endpoint when JPM_METRICS_PORT asks for one; a bad setting is logged, not fatal. */
    private static MetricsEndpoint metricsEndpoint(Supplier<List<InstanceView>> rows) {
        try {
            InetSocketAddress address = MetricsEndpoint.addressFrom(System.getenv());
            if (address == null) {
                return null;
            }
            MetricsEndpoint endpoint = new MetricsEndpoint(address, rows);
            endpoint.start();
            Log.info("metrics for Prometheus on http://" + address.getHostString() + ":" + endpoint.port() + "/metrics");
            return endpoint;
        } catch (IOException | IllegalArgumentException e) {
            Log.warn("no metrics endpoint: " + e.getMessage());
            return null;
        }
    }

    private static void closeQuietly(ControlServer server, JpmHome home) {
        try {
            server.close();
            java.nio.file.Files.deleteIfExists(home.pidFile());
        } catch (Exception e) {
            Log.warn("cleanup at exit: " + e.getMessage());
        }
    }
}
