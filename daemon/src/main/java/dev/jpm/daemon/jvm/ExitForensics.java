package dev.jpm.daemon.jvm;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads what an instance's run left behind to name why it ended ({@link ExitCause}): notes where
 * things stood when it began ({@link #began}), and looks again when it exits ({@link #cause}).
 * Called on the supervisor's thread; every read is bounded (64 KiB of each log, the head of one
 * hs_err file, two stats and one small cgroup file), so an exit costs it well under a millisecond
 * of I/O on a warm cache. Nothing here may fail a launch or an exit: unreadable means unknown.
 */
public final class ExitForensics {
    /** The JVM's last words are its last lines; a run that wrote megabytes before them is read from their end. */
    static final int TAIL_BYTES = 64 * 1024;
    /** The error's own line sits in the first 10 lines of an hs_err file. */
    private static final int HS_ERR_HEAD_LINES = 30;

    /**
     * Where things stood when a run began.
     *
     * @param pid            the run's process
     * @param startedAtMs    when it began; a file older than this is some earlier process's
     * @param outLog         where its stdout goes (its out_file, or the default log), null for /dev/null
     * @param errLog         the same for stderr
     * @param outLogOffset   the out log's size then: what it writes after is its own
     * @param errLogOffset   the same for the err log
     * @param oomCounter     its cgroup's oom_kill counter file, or null
     * @param oomKillsBefore the counter then, or -1
     */
    public record Run(long pid, long startedAtMs, Path outLog, Path errLog, long outLogOffset, long errLogOffset, Path oomCounter, long oomKillsBefore) {
    }

    private final JpmHome home;
    private final InstanceJvm files;

    public ExitForensics(JpmHome home) {
        this.home = home;
        this.files = new InstanceJvm(home);
    }

    /**
     * Notes the run's starting point, right after its process started. The logs are the files the
     * launch sent its streams to (an out_file, not the default name; null for /dev/null), kept in
     * the run so that an update changing out_file mid-run still reads where this run wrote.
     */
    public Run began(Path outLog, Path errLog, long pid, long startedAtMs) {
        long outOffset = size(outLog);
        long errOffset = size(errLog);
        Optional<Path> counter = OomKills.counterFile(pid);
        long before = counter.map(OomKills::read).orElse(OptionalLong.empty()).orElse(-1);
        return new Run(pid, startedAtMs, outLog, errLog, outOffset, errOffset, counter.orElse(null), before);
    }

    /**
     * {@code file}, where the instance's {@code stream} goes, if only this instance writes it; else
     * null. An out_file without {@code ${INSTANCE_ID}} is shared by the app's instances, and
     * another instance's "Terminating due to java.lang.OutOfMemoryError" in it is not this run's.
     */
    public static Path ownLog(AppSpec spec, LogStream stream, Path file) {
        String destination = spec.logs().destination(stream);
        boolean shared = destination != null && !destination.contains(LogSettings.INSTANCE_ID) && spec.instances() != 1;
        return shared ? null : file;
    }

    /** Why the run ended, if anything it left says so (what jpm ended itself, the instance records as it does). */
    public Optional<String> cause(AppSpec spec, int id, Run run, Integer exitCode) {
        if (run == null) {
            return Optional.empty();
        }
        Path hsErr = files.errorFile(spec.name(), id, run.pid());
        boolean crashed = writtenSince(hsErr, run.startedAtMs());
        Path dump = files.heapDump(spec.name(), run.pid());
        boolean dumped = spec.jvm().heapDumpOnOom() && writtenSince(dump, run.startedAtMs());
        if (dumped) {
            // a crash loop writes a dump per run: the app keeps its dump_retain newest, as of every kind
            DumpRetention.trim(home, spec.name(), spec.jvm().dumpRetain());
        }
        List<String> output = new ArrayList<>(linesSince(run.errLog(), run.errLogOffset()));
        // the JVM's out-of-memory words go to stdout, so they are read last: found first from the end
        output.addAll(linesSince(run.outLog(), run.outLogOffset()));
        ExitCause.Traces traces = new ExitCause.Traces(exitCode, output,
                crashed ? hsErr : null,
                crashed ? ExitCause.hsErrProblem(head(hsErr)).orElse(null) : null,
                oomKillsDuring(run),
                dumped ? dump : null);
        return ExitCause.of(traces);
    }

    private static Long oomKillsDuring(Run run) {
        if (run.oomCounter() == null || run.oomKillsBefore() < 0) {
            return null;
        }
        OptionalLong after = OomKills.read(run.oomCounter());
        return after.isPresent() ? after.getAsLong() - run.oomKillsBefore() : null;
    }

    private static boolean writtenSince(Path file, long sinceMs) {
        try {
            // a second of slack: file times may be kept to the second
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() >= sinceMs - 1000;
        } catch (IOException e) {
            return false;
        }
    }

    /** The lines written from {@code offset} on (the last {@value #TAIL_BYTES} bytes of them); all of a file rotated since. */
    static List<String> linesSince(Path log, long offset) {
        if (log == null) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            long from = Math.max(offset > size ? 0 : offset, size - TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) >= 0) {
                // reads until full or the end
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> head(Path file) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while (lines.size() < HS_ERR_HEAD_LINES && (line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // unreadable: the file's path is still worth showing
        }
        return lines;
    }

    private static long size(Path file) {
        if (file == null) {
            return 0;
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
