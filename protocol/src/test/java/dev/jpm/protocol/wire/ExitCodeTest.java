package dev.jpm.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The one exit-code table: numbers that never change meaning, and the README generated from it. */
class ExitCodeTest {
    /** What each number has meant since it was given out; a change here is a change scripts see. */
    private static final Map<Integer, ExitCode> PUBLISHED = new TreeMap<>(Map.ofEntries(
            Map.entry(0, ExitCode.OK), Map.entry(1, ExitCode.INTERNAL), Map.entry(2, ExitCode.BAD_INPUT),
            Map.entry(3, ExitCode.NOT_FOUND), Map.entry(4, ExitCode.CONFLICT), Map.entry(5, ExitCode.VERSION_MISMATCH),
            Map.entry(6, ExitCode.FORBIDDEN), Map.entry(7, ExitCode.DAEMON_UNAVAILABLE), Map.entry(8, ExitCode.STORAGE),
            Map.entry(9, ExitCode.UNSAFE_PATH), Map.entry(10, ExitCode.LAUNCH_FAILED), Map.entry(11, ExitCode.BUSY),
            Map.entry(12, ExitCode.UNRESPONSIVE)));

    @Test
    void everyCliNumberKeepsItsMeaningAndIsGivenOnce() {
        Map<Integer, ExitCode> actual = new TreeMap<>();
        for (ExitCode code : ExitCode.ofTheCli()) {
            ExitCode before = actual.put(code.number(), code);
            assertEquals(null, before, code.number() + " is given to both " + before + " and " + code);
        }
        assertEquals(PUBLISHED, actual);
    }

    @Test
    void theDaemonProcessSaysAlreadyRunningWithThree() {
        assertEquals(3, ExitCode.DAEMON_ALREADY_RUNNING.number());
        assertTrue(!ExitCode.ofTheCli().contains(ExitCode.DAEMON_ALREADY_RUNNING));
    }

    @Test
    void everyDaemonErrorEndsTheCliWithItsOwnCode() {
        Set<ExitCode> used = new HashSet<>();
        for (ErrorCode error : ErrorCode.values()) {
            assertTrue(ExitCode.ofTheCli().contains(error.exit()), error + " maps onto " + error.exit());
            assertTrue(used.add(error.exit()), "two daemon errors end with " + error.exit());
        }
        assertEquals(List.of(ErrorCode.BAD_REQUEST, ErrorCode.NOT_FOUND, ErrorCode.INTERNAL),
                List.of(ErrorCode.fromWireName("bad_request"), ErrorCode.fromWireName("not_found"), ErrorCode.fromWireName("unheard_of")));
    }

    @Test
    void readmeHoldsTheGeneratedTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = ExitCode.markdownTable();
        assertTrue(readme.contains("<!-- exit-codes:begin"), "README.md has lost its exit-codes markers");
        String between = readme.substring(readme.indexOf('\n', readme.indexOf("<!-- exit-codes:begin")) + 1,
                readme.indexOf("<!-- exit-codes:end -->"));
        assertEquals(table, between, "README.md's exit codes differ from ExitCode.markdownTable(); regenerate them between the exit-codes markers");
    }
}
