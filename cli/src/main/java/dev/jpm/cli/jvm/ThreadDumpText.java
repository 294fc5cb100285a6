package dev.jpm.cli.jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a HotSpot thread dump ({@code jcmd Thread.print -l}, or {@code kill -3}'s): one
 * {@link JavaThread} per thread header line, with its state, frames and the locks under each frame,
 * and the deadlock report HotSpot appends when it finds a cycle of threads each waiting for a
 * monitor another holds ("Found one Java-level deadlock:" ... "Found 1 deadlock."). Lines it does
 * not know (the SMR info, "JNI global refs", a heap summary, the app's own output in a SIGQUIT
 * cut) are skipped, so a format that grows a field still reads.
 */
public final class ThreadDumpText {
    private static final String OS_PRIO = " os_prio=";
    private static final String STATE = "java.lang.Thread.State: ";
    private static final String OWNABLE = "Locked ownable synchronizers:";
    private static final Pattern DEADLOCK_START = Pattern.compile("Found (one|\\d+) Java-level deadlocks?:");
    private static final Pattern DEADLOCK_END = Pattern.compile("Found (\\d+) deadlocks?\\.");
    private static final Pattern DEADLOCKED_THREAD = Pattern.compile("\"(.*)\":");
    private static final String DEADLOCK_STACKS = "Java stack information for the threads listed above:";

    /** One frame ({@code at ...}) and the lines under it: locked, waiting to lock, waiting on, parking to wait for. */
    public record Frame(String at, List<String> locks) {
    }

    /**
     * One thread. {@code number} and {@code priority} are null for the JVM's own threads (GC, compiler,
     * VM Thread), which have neither; {@code state} is null for them too.
     */
    public record JavaThread(String name, Long number, boolean daemon, Integer priority, String state, List<Frame> stack,
                             List<String> ownableSynchronizers) {
    }

    /**
     * A parsed dump: the threads in the order printed; {@code deadlocks} the whole report, null when
     * none was found; {@code deadlockedThreads} the names in it, each once.
     */
    public record Parsed(List<JavaThread> threads, String deadlocks, int deadlockCount, List<String> deadlockedThreads) {
        public boolean hasDeadlock() {
            return deadlocks != null;
        }
    }

    private ThreadDumpText() {
    }

    public static Parsed parse(String text) {
        List<JavaThread> threads = new ArrayList<>();
        ThreadBuilder current = null;
        StringBuilder deadlocks = null;
        List<String> deadlocked = new ArrayList<>();
        boolean inDeadlockStacks = false;
        int deadlockCount = 0;
        for (String raw : text.split("\n", -1)) {
            String line = raw.stripTrailing();
            String trimmed = line.strip();
            if (deadlocks != null) {
                deadlocks.append(line).append('\n');
                Matcher end = DEADLOCK_END.matcher(trimmed);
                Matcher thread = DEADLOCKED_THREAD.matcher(trimmed);
                if (end.matches()) {
                    deadlockCount += Integer.parseInt(end.group(1));
                    inDeadlockStacks = false;
                } else if (trimmed.equals(DEADLOCK_STACKS)) {
                    inDeadlockStacks = true;
                } else if (!inDeadlockStacks && thread.matches() && !deadlocked.contains(thread.group(1))) {
                    deadlocked.add(thread.group(1));
                } else if (DEADLOCK_START.matcher(trimmed).matches()) {
                    inDeadlockStacks = false;
                }
                continue;
            }
            if (DEADLOCK_START.matcher(trimmed).matches()) {
                current = finish(current, threads);
                deadlocks = new StringBuilder(line).append('\n');
                continue;
            }
            if (line.startsWith("\"") && line.contains(OS_PRIO)) {
                current = finish(current, threads);
                current = header(line);
            } else if (current == null) {
                continue;
            } else if (trimmed.startsWith(STATE)) {
                current.state = trimmed.substring(STATE.length());
            } else if (trimmed.startsWith("at ")) {
                current.frames.add(new FrameBuilder(trimmed.substring(3)));
            } else if (trimmed.equals(OWNABLE)) {
                current.inOwnable = true;
            } else if (trimmed.startsWith("- ")) {
                String lock = trimmed.substring(2);
                if (current.inOwnable) {
                    if (!lock.equals("None")) {
                        current.ownable.add(lock);
                    }
                } else if (!current.frames.isEmpty()) {
                    current.frames.get(current.frames.size() - 1).locks.add(lock);
                }
            } else if (trimmed.startsWith("JNI global refs:")) {
                current = finish(current, threads);
            }
        }
        finish(current, threads);
        String report = deadlocks == null ? null : deadlocks.toString().stripTrailing() + "\n";
        return new Parsed(List.copyOf(threads), report, report == null ? 0 : Math.max(1, deadlockCount), List.copyOf(deadlocked));
    }

    /** {@code "name" #17 daemon prio=5 os_prio=0 cpu=... tid=... nid=... state [addr]}; the JVM's threads lack # and prio. */
    private static ThreadBuilder header(String line) {
        int osPrio = line.indexOf(OS_PRIO);
        int nameEnd = line.lastIndexOf('"', osPrio);
        ThreadBuilder t = new ThreadBuilder(line.substring(1, nameEnd));
        for (String token : line.substring(nameEnd + 1, osPrio).trim().split("\\s+")) {
            if (token.startsWith("#") && token.length() > 1) {
                t.number = parseLong(token.substring(1));
            } else if (token.equals("daemon")) {
                t.daemon = true;
            } else if (token.startsWith("prio=")) {
                Long prio = parseLong(token.substring(5));
                t.priority = prio == null ? null : prio.intValue();
            }
        }
        return t;
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ThreadBuilder finish(ThreadBuilder t, List<JavaThread> into) {
        if (t != null) {
            into.add(t.build());
        }
        return null;
    }

    /** Mutable while one thread's lines are read; used by {@link #parse} only. */
    private static final class ThreadBuilder {
        final String name;
        Long number;
        boolean daemon;
        Integer priority;
        String state;
        boolean inOwnable;
        final List<FrameBuilder> frames = new ArrayList<>();
        final List<String> ownable = new ArrayList<>();

        ThreadBuilder(String name) {
            this.name = name;
        }

        JavaThread build() {
            return new JavaThread(name, number, daemon, priority, state, frames.stream().map(FrameBuilder::build).toList(),
                    List.copyOf(ownable));
        }
    }

    private static final class FrameBuilder {
        final String at;
        final List<String> locks = new ArrayList<>();

        FrameBuilder(String at) {
            this.at = at;
        }

        Frame build() {
            return new Frame(at, List.copyOf(locks));
        }
    }
}
