package dev.jpm.daemon;

import dev.jpm.daemon.state.DaemonState;
import dev.jpm.daemon.state.StateStore;
import dev.jpm.daemon.supervisor.StateSink;
import dev.jpm.protocol.home.JpmHome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps {@code state.json} in step with the supervisor: written on every change, on the
 * supervisor's thread, which owns this object. A failed write is thrown to the supervisor, which
 * fails the request that needed it.
 */
final class StateKeeper implements StateSink {
    /**
     * Temp files of an atomic write cut short by a crash: {@code state.json.tmp} and, from daemons
     * before the temp name was fixed, {@code state.json.<random>.tmp}; the same for the other files.
     */
    private static final String LEFTOVER_GLOB = "{state.json,dump.json,daemon.pid}*.tmp";

    private final JpmHome home;
    private final StateStore<DaemonState> store;
    private final Notices notices;
    private DaemonState last;
    private boolean forgotten;

    StateKeeper(JpmHome home, Notices notices) {
        this.home = home;
        this.store = new StateStore<>(home.stateFile(), DaemonState.class);
        this.notices = notices;
    }

    /** At start-up: the recorded state, recovered from its copy when damaged (a notice says so). */
    DaemonState load() {
        removeLeftovers();
        return store.load(DaemonState.EMPTY, notices::add);
    }

    @Override
    public void save(DaemonState state) throws IOException {
        if (forgotten || state.equals(last)) {
            return;
        }
        store.saveMain(state);
        last = state;
    }

    @Override
    public void saveCopy() throws IOException {
        store.saveCopy();
    }

    /** After {@code jpm kill}: nothing runs and nothing is to be re-adopted; later changes are not kept. */
    void forget() {
        try {
            save(DaemonState.EMPTY);
        } catch (IOException e) {
            Log.error("cannot write " + store.file(), e);
        }
        forgotten = true;
    }

    private void removeLeftovers() {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(home.root(), LEFTOVER_GLOB)) {
            for (Path temp : leftovers) {
                // a regular file only: anything else is not ours to remove, and the next write reports it
                if (Files.isRegularFile(temp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(temp);
                    Log.info("removed " + temp.getFileName() + ", left by a write a crash cut short");
                }
            }
        } catch (IOException e) {
            Log.warn("cannot remove temp files left in " + home.root() + ": " + e.getMessage());
        }
    }
}
