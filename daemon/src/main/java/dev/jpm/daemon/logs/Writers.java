package dev.jpm.daemon.logs;

import java.io.IOException;

/**
 * Whoever appends to a log file. Rotation asks them to hold still for the instant it takes to
 * copy the last bytes and truncate, so that no line lands between the two and is lost.
 */
public interface Writers {
    /** No one writes (the instance is not running): rotation needs no pause. */
    Writers NONE = action -> action.run();

    /** Runs {@code action} while nothing is appended to the file. */
    void whileQuiet(IoAction action) throws IOException;

    /** A piece of file work. */
    interface IoAction {
        void run() throws IOException;
    }
}
