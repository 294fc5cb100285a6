package dev.jpm.daemon.control;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.Log;
import dev.jpm.daemon.state.DumpFile;
import dev.jpm.daemon.state.StateStore;
import dev.jpm.daemon.supervisor.Supervisor;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code save} and {@code resurrect}: the apps kept in {@code dump.json}. */
final class SavedApps {
    private final Supervisor supervisor;
    private final StateStore<DumpFile> dump;

    SavedApps(Supervisor supervisor, Path dumpFile) {
        this.supervisor = supervisor;
        this.dump = new StateStore<>(dumpFile, DumpFile.class);
    }

    Results.Saved save() {
        List<AppSpec> specs = supervisor.reader().specs();
        try {
            dump.save(new DumpFile(specs));
        } catch (IOException e) {
            throw new JpmException(ErrorCode.STORAGE, "cannot write " + dump.file() + ": " + e.getMessage());
        }
        return new Results.Saved(dump.file().toString(), specs.size());
    }

    /** The saved apps not running now; those already known are left as they are. */
    List<AppSpec> notRunning() {
        if (!Files.exists(dump.file())) {
            throw new JpmException(ErrorCode.NOT_FOUND, "nothing saved yet: 'jpm save' writes " + dump.file());
        }
        Set<String> running = new HashSet<>();
        supervisor.reader().specs().forEach(s -> running.add(s.name()));
        return dump.load(DumpFile.EMPTY, Log::warn).apps().stream().filter(a -> !running.contains(a.name())).toList();
    }
}
