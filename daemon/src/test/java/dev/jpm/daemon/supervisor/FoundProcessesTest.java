package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jpm.protocol.home.MarkedProcess;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoundProcessesTest {
    private static MarkedProcess process(long pid, long parent, String app, int id, long start) {
        return new MarkedProcess(pid, parent, app, id, 0, start);
    }

    @Test
    void anInstanceIsClaimedByAppAndIdAndIsNoLongerLeftOver() {
        FoundProcesses found = new FoundProcesses(List.of(process(10, 1, "api", 0, 100), process(11, 1, "api", 1, 100)));

        assertEquals(Optional.of(process(11, 1, "api", 1, 100)), found.claim("api", 1));
        assertEquals(Optional.empty(), found.claim("api", 1));
        assertEquals(Optional.empty(), found.claim("web", 0));
        assertEquals(List.of(process(10, 1, "api", 0, 100)), found.unclaimed());
    }

    @Test
    void aChildThatInheritedItsInstancesMarkerIsNotAnInstance() {
        FoundProcesses found = new FoundProcesses(List.of(process(10, 1, "api", 0, 100), process(20, 10, "api", 0, 150)));

        found.claimPid(10);
        assertEquals(List.of(), found.unclaimed(), "the child goes with its parent");
    }

    @Test
    void aChildWhoseParentIsGoneIsLeftOverToBeStopped() {
        FoundProcesses found = new FoundProcesses(List.of(process(20, 1, "api", 0, 150)));

        assertEquals(List.of(process(20, 1, "api", 0, 150)), found.unclaimed());
    }

    @Test
    void ofTwoRootsWithOneIdTheOldestIsClaimedAndTheOtherLeftOver() {
        FoundProcesses found = new FoundProcesses(List.of(process(30, 1, "api", 0, 300), process(20, 1, "api", 0, 200)));

        assertEquals(20, found.claim("api", 0).orElseThrow().pid());
        assertEquals(List.of(process(30, 1, "api", 0, 300)), found.unclaimed());
    }
}
