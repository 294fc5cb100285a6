package dev.jpm.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptBackoffTest {
    private static final IOException EMFILE = new IOException("Too many open files");

    @Test
    void thePauseDoublesFromTenMillisecondsToOneSecondAndStartsOverAfterASuccess() {
        AcceptBackoff backoff = new AcceptBackoff();
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            pauses.add(backoff.failed(EMFILE, 0));
        }
        assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L), pauses);
        backoff.succeeded(0);
        assertEquals(10L, backoff.failed(EMFILE, 0));
    }

    @Test
    void failuresAreLoggedOncePerTenSecondsWithTheirCount() throws Exception {
        String log = LogCapture.during(() -> {
            AcceptBackoff backoff = new AcceptBackoff();
            // a minute of failures, one every 10 ms: 6,000 failures
            for (long now = 0; now < 60_000; now += 10) {
                backoff.failed(EMFILE, now);
            }
        });
        List<String> lines = log.lines().toList();
        assertEquals(6, lines.size(), log);
        assertTrue(lines.get(0).contains("1 failed accept(s)"), lines.get(0));
        assertTrue(lines.get(1).contains("1000 failed accept(s)") && lines.get(1).contains("Too many open files"), lines.get(1));
    }

    @Test
    void theRecoveryIsLoggedAtOnceAfterAReportedFailureAndItsCountStartsOver() throws Exception {
        AcceptBackoff backoff = new AcceptBackoff();
        String log = LogCapture.during(() -> {
            backoff.failed(EMFILE, 0); // reported
            for (long now = 10; now <= 50; now += 10) {
                backoff.failed(EMFILE, now); // within 10 s of the report: counted
            }
            backoff.succeeded(2_000);
            backoff.succeeded(2_010);
        });
        List<String> lines = log.lines().toList();
        assertEquals(2, lines.size(), log);
        assertTrue(lines.get(1).contains("accepting control connections again after 5 more failed accept(s)"), log);

        String next = LogCapture.during(() -> backoff.failed(EMFILE, 60_000));
        assertTrue(next.contains("(1 failed accept(s) since the last report"), next);
    }

    @Test
    void aFailureThatWasNeverReportedHasNoRecoveryLine() throws Exception {
        AcceptBackoff backoff = new AcceptBackoff();
        String log = LogCapture.during(() -> {
            backoff.failed(EMFILE, 0);
            backoff.succeeded(10);
            backoff.failed(EMFILE, 1_000); // within 10 s of the report: counted, not logged
            backoff.succeeded(1_010);
        });
        assertEquals(2, log.lines().count(), log);
    }
}
