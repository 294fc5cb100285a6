package dev.jpm.daemon.jvm;

import dev.jpm.daemon.supervisor.SameProcess;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.supervisor.ModelReader;
import dev.jpm.daemon.supervisor.ModelSnapshot;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.view.DumpView;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Events;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The daemon's side of {@code threaddump}, {@code heapdump}, {@code jfr} and {@code signal}: each
 * resolves its target against the model as it stands and works on the instances one after the
 * other (two heap dumps at once would double the memory and disk they cost), on the request's
 * own thread. It keeps no state: what it makes is files in the dumps folders.
 */
public final class JvmOperations {
    private static final Set<String> JFR_ACTIONS = Set.of("start", "dump", "stop");
    private static final Set<String> JFR_BUILT_IN_SETTINGS = Set.of("default", "profile");

    private final JpmHome home;
    private final ModelReader model;

    public JvmOperations(JpmHome home, ModelReader model) {
        this.home = home;
        this.model = model;
    }

    public List<Results.ThreadDump> threadDumps(Request.ThreadDump request, Consumer<Record> events) {
        List<Results.ThreadDump> dumps = new ArrayList<>();
        for (InstanceSnapshot i : model.resolve(request.target())) {
            Results.ThreadDump dump = ThreadDumps.take(home, i, retain(i), System.currentTimeMillis());
            // one event per instance: with many instances the whole may outlast the CLI's wait for a word
            events.accept(new Events.DumpProgress(i.id(), dump.file(), dump.text() == null ? 0 : dump.text().length()));
            dumps.add(dump);
        }
        return dumps;
    }

    public List<Results.DumpTaken> heapDumps(Request.HeapDump request, Consumer<Record> events) {
        List<InstanceSnapshot> instances = model.resolve(request.target());
        Path output = null;
        if (request.output() != null) {
            output = Path.of(request.output());
            if (instances.size() != 1) {
                throw new JpmException(ErrorCode.BAD_REQUEST, "-o names one file, but '" + request.target() + "' is "
                        + instances.size() + " instances; name one instance by its id, or leave -o out");
            }
            requireNewFile(output);
        }
        List<Results.DumpTaken> taken = new ArrayList<>();
        for (InstanceSnapshot i : instances) {
            taken.add(HeapDumps.take(home, i, request.live(), output, retain(i), System.currentTimeMillis(), events));
        }
        return taken;
    }

    public List<Results.DumpTaken> jfr(Request.Jfr request, Consumer<Record> events) {
        if (!JFR_ACTIONS.contains(request.action())) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "jfr " + request.action() + ": the actions are start, dump and stop");
        }
        String settings = request.settings() == null ? "default" : request.settings();
        if (!JFR_BUILT_IN_SETTINGS.contains(settings) && !(settings.endsWith(".jfc") && Files.isRegularFile(Path.of(settings)))) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "--settings " + settings + ": 'default', 'profile' or a .jfc file that exists");
        }
        List<Results.DumpTaken> taken = new ArrayList<>();
        for (InstanceSnapshot i : model.resolve(request.target())) {
            Results.DumpTaken t = JfrRecordings.run(home, i, request.action(), request.durationMs(), settings, retain(i),
                    System.currentTimeMillis());
            events.accept(new Events.DumpProgress(i.id(), t.file(), t.bytes()));
            taken.add(t);
        }
        return taken;
    }

    public Results.Signalled signal(Request.Signal request) {
        String name = Signals.canonical(request.signal());
        List<Integer> sent = new ArrayList<>();
        for (InstanceSnapshot i : model.resolve(request.target())) {
            // a pid whose process has exited may name another program by now: signal only the instance's own
            if (i.pid() == null || !ProcessHandle.of(i.pid()).filter(p -> SameProcess.is(p, i.processStartMillis())).isPresent()) {
                continue;
            }
            try {
                Signals.send(name, i.pid());
                sent.add(i.id());
            } catch (IOException e) {
                throw new JpmException(ErrorCode.INTERNAL, "SIG" + name + " not sent to instance " + i.id() + ": " + e.getMessage()
                        + (sent.isEmpty() ? "" : " (sent to " + sent + " before it)"));
            }
        }
        if (sent.isEmpty()) {
            throw new JpmException(ErrorCode.CONFLICT, "no instance of '" + request.target() + "' is running; nothing to signal");
        }
        return new Results.Signalled("SIG" + name, sent);
    }

    /** Each description with its app's dumps, newest first; a folder that cannot be read shows as none, with the reason. */
    public List<InstanceDescription> withDumps(List<InstanceDescription> descriptions) {
        Map<String, List<DumpView>> byApp = new HashMap<>();
        List<InstanceDescription> out = new ArrayList<>();
        for (InstanceDescription d : descriptions) {
            List<DumpView> dumps = byApp.computeIfAbsent(d.instance().name(), app -> {
                try {
                    return DumpFolder.list(home, app);
                } catch (IOException e) {
                    return List.of(new DumpView(home.dumpsDir(app).toString(), "unreadable: " + e.getMessage(), 0, 0));
                }
            });
            out.add(d.withDumps(dumps));
        }
        return out;
    }

    private int retain(InstanceSnapshot instance) {
        ModelSnapshot snapshot = model.model();
        return snapshot.app(instance.app()).map(a -> a.spec().jvm().dumpRetain()).orElse(dev.jpm.protocol.ecosystem.JvmSettings.DEFAULT_DUMP_RETAIN);
    }

    /**
     * {@code -o}: a path the user chose, so no home rules apply to its folder; but nothing may be
     * there, not even a dangling link, since the JVM is asked to create it (O_EXCL, which refuses a
     * link planted after this look as well).
     */
    private static void requireNewFile(Path output) {
        if (!output.isAbsolute()) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "-o " + output + " is not an absolute path");
        }
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new JpmException(ErrorCode.CONFLICT, output + " exists already (jpm does not overwrite, nor write through a link);"
                    + " choose a new name");
        }
        Path parent = output.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "-o " + output + ": no folder " + parent);
        }
    }
}
