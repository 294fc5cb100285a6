package dev.jpm.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.Notices;
import dev.jpm.daemon.balancer.Balancer;
import dev.jpm.daemon.metrics.MetricsCache;
import dev.jpm.daemon.policy.Clock;
import dev.jpm.daemon.supervisor.FakeProcesses;
import dev.jpm.daemon.supervisor.Supervisor;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.RestartSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.Events;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start waits on the supervisor's published model (woken by each change, min_uptime later)
 * and tells the client each change of how many are online, until every instance's first run is
 * confirmed.
 */
class SettleTest {
    /** How long the fake instances must stay alive to count as online. */
    private static final long MIN_UPTIME_MS = 300;

    @TempDir
    Path dir;

    private final Balancer balancer = new Balancer(1);
    private FakeProcesses processes;
    private Supervisor supervisor;

    @AfterEach
    void tearDown() throws Exception {
        supervisor.stopEverything().get(10, TimeUnit.SECONDS);
        supervisor.shutdown();
        balancer.close();
        processes.exitAll();
    }

    @Test
    void aStartTellsHowManyAreOnlineAsThatChangesAndAnswersOnceAllAreConfirmed() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        processes = new FakeProcesses(new JpmHome(dir));
        supervisor = new Supervisor(processes, balancer, Clock.system(), state -> { }, List::of, new Notices());
        RequestHandler handler = new RequestHandler(supervisor, new MetricsCache(), null, "test", () -> { },
                dir.resolve("dump.json"), new Notices(), null);
        Path java = Files.writeString(dir.resolve("java"), "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path jar = Files.writeString(dir.resolve("api.jar"), "never read");
        AppSpec app = new AppSpec("api", jar.toString(), null, null, java.toString(), dir.toString(), 2, null,
                new RestartSettings(true, 3, MIN_UPTIME_MS, 0, 0, 0, 1_000, null), null, null, null, null, null, null);
        List<Event> events = new CopyOnWriteArrayList<>();
        List<Reply> replies = new CopyOnWriteArrayList<>();

        handler.handle(new Protocol.Incoming(9, new Request.Start(List.of(app))), new Replies() {
            @Override
            public void event(Event event) {
                events.add(event);
            }

            @Override
            public void reply(Reply reply) {
                replies.add(reply);
            }
        });

        assertTrue(replies.get(0).ok(), replies.toString());
        List<Integer> online = events.stream().map(e -> ((Events.Progress) e.data()).online()).toList();
        assertEquals(0, online.get(0), events.toString());
        // the answer itself carries the final rows, so the last change may come as the answer
        assertTrue(online.get(online.size() - 1) <= 2, events.toString());
        for (int n = 1; n < online.size(); n++) {
            assertTrue(online.get(n) > online.get(n - 1), "each event is a change: " + events);
        }
        assertTrue(events.stream().allMatch(e -> e.id() == 9 && e.data() instanceof Events.Progress), events.toString());
    }
}
