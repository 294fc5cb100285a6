package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A daemon that does not answer (here stopped with SIGSTOP; a deadlock looks the same to the CLI)
 * costs each command its deadline, about 10 s, and a message that says what to do, never a hang.
 */
class FrozenDaemonIT {
    /** The CLI's deadline is 10 s; anything much slower is a hang by another name. */
    private static final long HANG_MS = 15_000;

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    void aFrozenDaemonGetsAClearMessageAndExit7WithinTheDeadline() throws Exception {
        jpm.jpm("ping").expectOk();
        long pid = jpm.daemonPid();
        signal("STOP", pid);
        try {
            for (List<String> args : List.of(List.of("list"), List.of("ping"), List.of("stop", "x"))) {
                long started = System.nanoTime();
                JpmHarness.Result r = jpm.jpm(args.toArray(String[]::new));
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                assertEquals(7, r.exitCode(), args + " -> " + r);
                assertTrue(r.err().contains("the jpm daemon (pid " + pid + ") did not answer within 10 s"), r.err());
                assertTrue(r.err().contains("kill -CONT " + pid), r.err());
                assertTrue(tookMs < HANG_MS, args + " took " + tookMs + " ms");
            }
            JpmHarness.Result shorter = jpm.jpm("--timeout", "2s", "ping");
            assertEquals(7, shorter.exitCode(), shorter.toString());
            assertTrue(shorter.err().contains("did not answer within 2 s"), shorter.err());
        } finally {
            signal("CONT", pid);
        }
        jpm.jpm("list").expectOk();
        assertTrue(jpm.jpm("ping").expectOk().out().contains("pid " + pid));
    }

    static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
    }
}
