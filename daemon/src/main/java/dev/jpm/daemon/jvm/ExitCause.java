package dev.jpm.daemon.jvm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Why a run ended, in words for {@code describe}, from what it left behind. Pure: {@link ExitForensics}
 * gathers the traces. What cannot be told apart, and so is not claimed:
 * <ul>
 *   <li>a SIGKILL with no rise of the cgroup's {@code oom_kill} counter (or no counter to read) may be
 *       a person's {@code kill -9}, a container runtime, or jpm's own kill_timeout: it stays "killed by SIGKILL";</li>
 *   <li>a rise while the instance ran counts every process the OOM killer ended in that cgroup, which
 *       the daemon and every instance share unless the service manager splits them: a {@code kill -9}
 *       of ours while it killed a sibling would read as an OOM kill, hence "most likely";</li>
 *   <li>an {@code OnOutOfMemoryError} command of the user's prints nothing jpm could read: its exit is
 *       whatever that command does.</li>
 * </ul>
 */
public final class ExitCause {
    /**
     * What ExitOnOutOfMemoryError prints before {@code exit(3)}, and CrashOnOutOfMemoryError before
     * abort(): on stdout, HotSpot's {@code tty}, not stderr (unless -XX:+DisplayVMOutputToStderr).
     */
    private static final List<String> OOM_MARKERS = List.of(
            "Terminating due to java.lang.OutOfMemoryError: ", "Aborting due to java.lang.OutOfMemoryError: ");
    private static final int SIGKILL_STATUS = 128 + 9;

    /**
     * What one run left.
     *
     * @param exitCode         its status, null when unknown
     * @param outputLines      the last lines it wrote to stdout and stderr
     * @param hsErrFile        the fatal-error file it wrote, or null
     * @param hsErrProblem     that file's one-line account of the error ("SIGSEGV (0xb) at pc=..."), or null
     * @param oomKills         how much the cgroup's oom_kill counter rose while it ran, null when unknown
     * @param heapDump         the heap dump it wrote on OutOfMemoryError, or null
     */
    public record Traces(Integer exitCode, List<String> outputLines, Path hsErrFile, String hsErrProblem, Long oomKills,
                         Path heapDump) {
    }

    private ExitCause() {
    }

    public static Optional<String> of(Traces t) {
        Optional<String> oom = outOfMemory(t.outputLines());
        if (oom.isPresent()) {
            return Optional.of(oom.get() + (t.heapDump() == null ? "" : "; heap dump " + t.heapDump())
                    + (t.hsErrFile() == null ? "" : "; crash report " + t.hsErrFile()));
        }
        if (t.hsErrFile() != null) {
            return Optional.of("JVM crash" + (t.hsErrProblem() == null ? "" : ": " + t.hsErrProblem()) + "; crash report " + t.hsErrFile());
        }
        if (t.exitCode() != null && t.exitCode() == SIGKILL_STATUS && t.oomKills() != null && t.oomKills() > 0) {
            return Optional.of("most likely the kernel's OOM killer: its cgroup's oom_kill count rose by " + t.oomKills() + " while it ran");
        }
        return Optional.empty();
    }

    /** "OutOfMemoryError: Java heap space" from the JVM's own last words, the latest if it said them twice. */
    static Optional<String> outOfMemory(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            for (String marker : OOM_MARKERS) {
                int at = line.indexOf(marker);
                if (at >= 0) {
                    return Optional.of("OutOfMemoryError: " + line.substring(at + marker.length()).trim());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The line of an hs_err file that names the error: the first non-empty comment after "A fatal
     * error has been detected", e.g. {@code SIGSEGV (0xb) at pc=0x00007f..., pid=4242, tid=4243}.
     */
    public static Optional<String> hsErrProblem(List<String> head) {
        boolean afterBanner = false;
        for (String line : head) {
            if (line.contains("A fatal error has been detected")) {
                afterBanner = true;
            } else if (afterBanner && line.startsWith("#")) {
                String text = line.substring(1).trim();
                if (!text.isEmpty()) {
                    return Optional.of(text);
                }
            }
        }
        return Optional.empty();
    }
}
