package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.CronSchedule;
import dev.jpm.protocol.ecosystem.RestartSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cron_restart on the supervisor's clock: a fake one, so the test decides when the schedule is due. */
class SupervisorCronTest {
    private static final String DAILY = "0 11 * * *";

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong();
    private SupervisorFixture fixture;

    @AfterEach
    void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aForkAppRestartsWhenItsScheduleIsDueByTheSupervisorsClock() throws Exception {
        long due = CronSchedule.parse(DAILY).next(Instant.parse("2026-11-23T00:00:00Z"), ZoneId.systemDefault()).toEpochMilli();
        // the timer fires 300 ms from now on the monotonic clock, but the supervisor's clock says it is early
        now.set(due - 300);
        fixture = new SupervisorFixture(dir, now::get);
        RestartSettings restart = SupervisorFixture.restart(0, 0);
        AppSpec spec = fixture.app("nightly", new RestartSettings(restart.autorestart(), restart.maxRestarts(), restart.minUptimeMs(),
                restart.restartDelayMs(), 0, 0, restart.killTimeoutMs(), DAILY), null);
        int id = fixture.supervisor.start(List.of(spec), 1).get(SupervisorFixture.HANG_SECONDS, TimeUnit.SECONDS).get(0);
        fixture.awaitInstance(id, i -> i.pid() != null);
        long firstPid = fixture.only().pid();
        assertEquals(due, fixture.supervisor.reader().model().apps().get(0).nextCronRestartMillis());

        // a second of real time: the timer has fired at least twice, and each time waited the rest out
        Thread.sleep(1_000);
        fixture.settleLoop();
        assertEquals(firstPid, fixture.only().pid(), "not restarted before its time by the supervisor's clock");
        assertEquals(List.of(), fixture.processes.stopped);

        now.set(due + 10);
        InstanceSnapshot restarted = fixture.awaitInstance(id, i -> i.pid() != null && i.pid() != firstPid);
        assertEquals(1, restarted.restarts());
        assertTrue(restarted.recentExits().stream().anyMatch(e -> ("cron_restart (" + DAILY + ")").equals(e.endedBy())),
                restarted.recentExits().toString());
        ModelSnapshot after = fixture.await(m -> m.apps().get(0).nextCronRestartMillis() != due);
        assertEquals(CronSchedule.parse(DAILY).next(Instant.ofEpochMilli(due + 10), ZoneId.systemDefault()).toEpochMilli(),
                after.apps().get(0).nextCronRestartMillis());
    }
}
