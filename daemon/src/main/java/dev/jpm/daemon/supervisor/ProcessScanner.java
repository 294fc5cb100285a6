package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.home.MarkedProcess;
import java.util.List;

/**
 * Finds every running process launched for this home, whatever any file says (DESIGN.md decision
 * 13). An interface so that what is done with the answer is unit-tested without real processes.
 */
public interface ProcessScanner {
    List<MarkedProcess> scan();
}
