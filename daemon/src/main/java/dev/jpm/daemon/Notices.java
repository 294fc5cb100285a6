package dev.jpm.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * What the daemon did on its own that the user must hear about, not only {@code daemon.log}: a
 * state file recovered from its copy, a process stopped because no app owns it. Each notice is
 * logged at once and handed to the next CLI that connects (in its hello's answer), which prints
 * it on stderr; a notice is handed out once. Written by start-up and the supervisor's thread,
 * taken by connection threads, hence the lock.
 */
public final class Notices {
    /** A daemon that keeps failing must not grow this without end; the log keeps every one. */
    static final int MAX_KEPT = 50;

    private final List<String> pending = new ArrayList<>();

    public synchronized void add(String notice) {
        Log.warn(notice);
        if (pending.size() < MAX_KEPT) {
            pending.add(notice);
        }
    }

    /** Every notice not yet handed out; empties the list. */
    public synchronized List<String> take() {
        List<String> all = List.copyOf(pending);
        pending.clear();
        return all;
    }
}
