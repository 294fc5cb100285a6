package dev.jpm.daemon.logs;

import java.io.IOException;
import java.util.List;

/**
 * Whoever appends to a log file. Rotation asks them to hold still for the instant it takes to
 * copy the last bytes and truncate, so that no line lands between the two and is lost.
 */
public interface Writers {
    /** No one writes (the instance is not running): rotation needs no pause. */
    Writers NONE = action -> action.run();

    /**
     * All of {@code writers} at once, for a file several instances share: each holds still in
     * turn, and the action runs once every one does.
     */
    static Writers allOf(List<Writers> writers) {
        Writers all = NONE;
        for (Writers w : writers) {
            Writers inner = all;
            all = action -> w.whileQuiet(() -> inner.whileQuiet(action));
        }
        return all;
    }

    /** Runs {@code action} while nothing is appended to the file. */
    void whileQuiet(IoAction action) throws IOException;

    /** A piece of file work. */
    interface IoAction {
        void run() throws IOException;
    }
}
