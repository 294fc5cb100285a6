package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

/**
 * wrk with keep-alive (-t1 -c20) on a URL from {@link #AROUND_MS} before a change to as long after
 * it, then stopped (SIGINT, on which it prints its summary): the change is covered however long it
 * takes, up to {@link #MAX_SECONDS}.
 */
final class WrkAcross {
    /** The most a load runs; a slow replacement's 25 s wait and a roll of two instances fit well inside. */
    static final int MAX_SECONDS = 120;
    /** Load before and after the change, so every connection is open and busy when it comes. */
    static final long AROUND_MS = 2_000;

    interface Change {
        void run() throws Exception;
    }

    private WrkAcross() {
    }

    static WrkSummary run(Path dir, String url, String what, Change change) throws Exception {
        List<String> cmd = List.of(LoadClients.wrk().toString(), "-t1", "-c20", "-d" + MAX_SECONDS + "s",
                // a slow answer while JVMs start on two cores is not a failure; a lost one is
                "--timeout", "10s", url);
        try (BoundedRun run = new BoundedRun(dir, cmd)) {
            Thread.sleep(AROUND_MS);
            change.run();
            Thread.sleep(AROUND_MS);
            assertTrue(run.alive(), "wrk ended before the " + what + " did; raise MAX_SECONDS");
            run.interrupt();
            WrkSummary summary = WrkSummary.parse(run.finish(30));
            System.out.println("[" + what + "] " + String.join(" ", cmd) + ": " + summary);
            return summary;
        }
    }
}
