package dev.jpm.daemon.control;

import dev.jpm.daemon.Futures;
import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.Notices;
import dev.jpm.daemon.jvm.JvmOperations;
import dev.jpm.daemon.logs.LogService;
import dev.jpm.daemon.logs.LogStreamer;
import dev.jpm.daemon.logs.LastLines;
import dev.jpm.daemon.metrics.MetricsCache;
import dev.jpm.daemon.supervisor.ModelSnapshot;
import dev.jpm.daemon.supervisor.StartOutcome;
import dev.jpm.daemon.supervisor.Supervisor;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.LogLine;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.Events;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import dev.jpm.protocol.wire.Welcome;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Answers each request by asking the supervisor; turns failures into error replies. */
public final class RequestHandler {
    /** A start whose instances are neither online nor errored by then is answered as it stands. */
    private static final long SETTLE_LIMIT_MS = 120_000;
    /** How often a reload tells the client how its replacements are coming along. */
    private static final long STARTING_EVERY_MS = 1_000;
    /** Lines of a failed instance's log a failed start prints. */
    private static final int LOG_TAIL_LINES = 10;

    private final Supervisor supervisor;
    private final MetricsCache metrics;
    private final LogService logs;
    private final String version;
    private final Runnable shutdown;
    private final SavedApps saved;
    private final Notices notices;
    private final JvmOperations jvm;
    private final long startedAt = System.currentTimeMillis();

    public RequestHandler(Supervisor supervisor, MetricsCache metrics, LogService logs, String version, Runnable shutdown,
            java.nio.file.Path dumpFile, Notices notices, JvmOperations jvm) {
        this.saved = new SavedApps(supervisor, dumpFile);
        this.jvm = jvm;
        this.notices = notices;
        this.supervisor = supervisor;
        this.metrics = metrics;
        this.logs = logs;
        this.version = version;
        this.shutdown = shutdown;
    }

    /** Answers one request; false when the connection should close after it. */
    boolean handle(Protocol.Incoming incoming, Replies replies) {
        long id = incoming.id();
        try {
            Request<?> request = incoming.request();
            if (request instanceof Request.Hello hello) {
                return hello(id, hello, replies);
            }
            Object result = answer(id, request, replies);
            replies.reply(Reply.success(id, result));
            if (request instanceof Request.Kill) {
                shutdown.run();
                return false;
            }
        } catch (Connection.ClientGoneException e) {
            return false;
        } catch (JpmException e) {
            replies.reply(Reply.failure(id, e.code(), e.getMessage()));
        } catch (RuntimeException | Error e) {
            // an Error too (OutOfMemoryError, StackOverflowError): it ends this request, not the connection or the daemon
            Log.error("request " + incoming.request() + " failed", e);
            replies.reply(Reply.failure(id, ErrorCode.INTERNAL, "the daemon failed: " + e + " (see daemon.log)"));
        }
        return true;
    }

    private boolean hello(long id, Request.Hello hello, Replies replies) {
        if (hello.protocol() != Protocol.VERSION) {
            replies.reply(Reply.failure(id, ErrorCode.VERSION_MISMATCH, "this CLI (jpm " + hello.version()
                    + ") speaks protocol " + hello.protocol() + " but the running daemon (jpm " + version
                    + ") speaks " + Protocol.VERSION + "; stop the daemon with the jpm that started it ('jpm kill') and retry"));
            return false;
        }
        replies.reply(Reply.success(id, new Welcome(Protocol.VERSION, version, ProcessHandle.current().pid(), notices.take())));
        return true;
    }

    private Object answer(long id, Request<?> request, Replies replies) {
        if (request instanceof Request.Ping) {
            return new Results.Pong(ProcessHandle.current().pid(), version, System.currentTimeMillis() - startedAt);
        }
        if (request instanceof Request.ListInstances) {
            // list (and monit, which lists every second) is how a user looks: the sampler keeps the figures fresh
            metrics.markWanted();
            return supervisor.reader().views(metrics);
        }
        if (request instanceof Request.Start start) {
            List<Integer> ids = Futures.await(supervisor.start(start.apps(), Runtime.getRuntime().availableProcessors()));
            return confirmed(settle(id, ids, replies));
        }
        if (request instanceof Request.Stop stop) {
            return only(Futures.await(supervisor.stop(stop.target())));
        }
        if (request instanceof Request.Restart restart) {
            Futures.await(supervisor.takeCallerEnv(restart.target(), restart.env()));
            return confirmed(settle(id, Futures.await(supervisor.restart(restart.target())), replies));
        }
        if (request instanceof Request.Delete delete) {
            return Futures.await(supervisor.delete(delete.target()));
        }
        if (request instanceof Request.Describe describe) {
            metrics.markWanted();
            return jvm.withDumps(logs.withHealth(supervisor.reader().describe(describe.target(), metrics)));
        }
        if (request instanceof Request.Reload reload) {
            Futures.await(supervisor.takeCallerEnv(reload.target(), reload.env()));
            return only(showingStarts(id, supervisor.reload(reload.target()), replies));
        }
        if (request instanceof Request.Update update) {
            return update(id, update, replies);
        }
        if (request instanceof Request.Scale scale) {
            List<Integer> added = Futures.await(supervisor.scale(scale.app(), scale.count(), Runtime.getRuntime().availableProcessors()));
            // scale answers with the app's rows; an added instance that failed shows there as it is
            settle(id, added, replies);
            return supervisor.reader().views(metrics).stream().filter(v -> v.name().equals(scale.app())).toList();
        }
        if (request instanceof Request.Kill) {
            return Futures.await(supervisor.stopEverything());
        }
        if (request instanceof Request.Save) {
            return saved.save();
        }
        if (request instanceof Request.Resurrect) {
            List<Integer> ids = Futures.await(supervisor.start(saved.notRunning(), Runtime.getRuntime().availableProcessors()));
            return confirmed(settle(id, ids, replies));
        }
        if (request instanceof Request.Logs wanted) {
            return streamLogs(id, wanted, replies);
        }
        if (request instanceof Request.Flush flush) {
            return new Results.Flushed(logs.flush(flush.target()));
        }
        if (request instanceof Request.ThreadDump dump) {
            return jvm.threadDumps(dump, data -> replies.event(new Event(id, data)));
        }
        if (request instanceof Request.HeapDump dump) {
            return jvm.heapDumps(dump, data -> replies.event(new Event(id, data)));
        }
        if (request instanceof Request.Jfr jfr) {
            return jvm.jfr(jfr, data -> replies.event(new Event(id, data)));
        }
        if (request instanceof Request.Signal signal) {
            return jvm.signal(signal);
        }
        throw new JpmException(ErrorCode.BAD_REQUEST, "this daemon does not support '"
                + dev.jpm.protocol.wire.Requests.cmdOf(request) + "' yet");
    }

    /**
     * Sends each line as a {@code log} event. When following, this returns only by the client
     * going away: a write to it fails, and the {@code alive} events make sure one is tried.
     */
    private Results.Streamed streamLogs(long id, Request.Logs request, Replies replies) {
        try {
            logs.stream(request, new LogStreamer.Sink() {
                @Override
                public void line(LogLine line) {
                    replies.event(new Event(id, line));
                }

                @Override
                public void alive() {
                    replies.event(new Event(id, new Events.Alive()));
                }
            });
        } catch (java.io.IOException e) {
            throw new JpmException(ErrorCode.INTERNAL, "cannot read the logs: " + e.getMessage());
        }
        return new Results.Streamed(true);
    }

    /**
     * {@code start}/{@code reload} of an ecosystem file. None of its apps running yet, it is the
     * plain start, with its progress and its failure (the end of each failed instance's log);
     * else an update in place, after which a new app that did not start fails it just the same.
     */
    private Results.Updated update(long id, Request.Update update, Replies replies) {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean firstStart = supervisor.reader().specs().stream()
                .noneMatch(s -> update.source().equals(s.source()) || update.apps().stream().anyMatch(a -> a.name().equals(s.name())));
        if (firstStart) {
            List<InstanceView> rows = confirmed(settle(id, Futures.await(supervisor.start(update.apps(), cores)), replies));
            List<Results.AppChange> changes = update.apps().stream().map(a -> {
                long count = rows.stream().filter(r -> r.name().equals(a.name())).count();
                return new Results.AppChange(a.name(), Results.AppChange.STARTED, count + " instance" + (count == 1 ? "" : "s"));
            }).toList();
            return new Results.Updated(changes, supervisor.reader().views(metrics));
        }
        Supervisor.Updated done = showingStarts(id, supervisor.update(update, cores), replies);
        // an instance's confirmation completes inside the loop's step that publishes it: let that step end
        Futures.await(supervisor.call(() -> null));
        confirmed(new Settled(List.of(), done.started()));
        return new Results.Updated(done.changes(), supervisor.reader().views(metrics));
    }

    /**
     * Waits for a reload or update, sending a {@code starting} event for each replacement still
     * coming up, once a second: a slow framework is seen at work, and the CLI's wait, which only
     * counts silence, goes on.
     */
    private <T> T showingStarts(long id, CompletableFuture<T> work, Replies replies) {
        while (!work.isDone()) {
            try {
                work.get(STARTING_EVERY_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                supervisor.starting().forEach(s -> replies.event(new Event(id, s)));
            } catch (ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Futures.await(work);
    }

    private List<InstanceView> only(List<Integer> ids) {
        Set<Integer> wanted = new HashSet<>(ids);
        return supervisor.reader().views(metrics).stream().filter(v -> wanted.contains(v.id())).toList();
    }

    /** The started instances' rows and how each one's first run went. */
    private record Settled(List<InstanceView> rows, List<StartOutcome> outcomes) {
    }

    /**
     * Waits until the first run of each started instance is confirmed up (online in cluster mode;
     * without a port, alive for min_uptime) or has failed, telling the client how many are online
     * as that changes. It waits on the supervisor's published model, woken by each change that
     * moves the count, not by polling.
     */
    private Settled settle(long id, List<Integer> ids, Replies replies) {
        CompletableFuture<List<StartOutcome>> outcomes = supervisor.confirmations(ids);
        Set<Integer> started = Set.copyOf(ids);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_LIMIT_MS);
        int lastOnline = -1;
        while (!outcomes.isDone()) {
            ModelSnapshot model = supervisor.reader().model();
            int online = online(model, started);
            if (online != lastOnline) {
                int total = (int) model.instances().stream().filter(i -> started.contains(i.id())).count();
                replies.event(new Event(id, new Events.Progress(online, total)));
                lastOnline = online;
            }
            int seen = online;
            CompletableFuture<ModelSnapshot> moved = supervisor.reader().when(m -> online(m, started) != seen);
            try {
                CompletableFuture.anyOf(outcomes, moved).get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (ExecutionException e) {
                // the outcomes failed: join() below rethrows it, as an answer of INTERNAL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                moved.cancel(false);
            }
        }
        // past the limit the start is answered as it stands: rows still launching say so
        return new Settled(only(ids), outcomes.isDone() ? outcomes.join() : List.of());
    }

    private static int online(ModelSnapshot model, Set<Integer> ids) {
        return (int) model.instances().stream().filter(i -> ids.contains(i.id()) && i.status() == InstanceStatus.ONLINE).count();
    }

    /**
     * The rows of a start whose instances all came up; else a LAUNCH_FAILED error that says,
     * for each one that did not, what happened and the end of its err log.
     */
    private static List<InstanceView> confirmed(Settled settled) {
        List<StartOutcome> failed = settled.outcomes().stream().filter(o -> !o.up()).toList();
        if (failed.isEmpty()) {
            return settled.rows();
        }
        StringBuilder message = new StringBuilder();
        message.append(failed.size()).append(" of ").append(settled.outcomes().size()).append(" instance")
                .append(settled.outcomes().size() == 1 ? "" : "s").append(" did not start:");
        for (StartOutcome o : failed) {
            message.append("\n  ").append(o.label()).append(" ").append(o.failure());
            // the JVM writes its own start-up errors ("Too small maximum heap") to stdout
            java.nio.file.Path log = o.errLog();
            List<String> tail = tail(log);
            if (tail.isEmpty()) {
                log = o.outLog();
                tail = tail(log);
            }
            if (!tail.isEmpty()) {
                message.append("\n  the end of ").append(log).append(":");
                tail.forEach(line -> message.append("\n    ").append(line));
            }
        }
        message.append("\n'jpm describe <id>' shows its recent exits; 'jpm logs <app>' its output");
        throw new JpmException(ErrorCode.LAUNCH_FAILED, message.toString());
    }

    /** The last lines of a log; enough to show a JVM's start-up error, few enough to read. */
    private static List<String> tail(java.nio.file.Path log) {
        if (log == null) {
            return List.of();
        }
        try {
            return LastLines.last(log, LOG_TAIL_LINES).lines();
        } catch (java.io.IOException e) {
            return List.of("(cannot read it: " + e.getMessage() + ")");
        }
    }
}
