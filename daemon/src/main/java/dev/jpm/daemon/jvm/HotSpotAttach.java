package dev.jpm.daemon.jvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Talks to a HotSpot JVM the way {@code jcmd} does, without the {@code jdk.attach} module: over
 * the Unix socket {@code /tmp/.java_pid<pid>} the JVM's attach listener serves. The listener
 * starts lazily: when the socket is absent, a file {@code .attach_pid<pid>} in the JVM's working
 * folder (or /tmp) plus a SIGQUIT asks the JVM to start it; the JVM's signal thread finds the file
 * and, instead of printing a thread dump, creates the socket. Paths go through
 * {@code /proc/<pid>/root} and the JVM's own pid when it runs in another pid namespace (a container).
 *
 * <p>Every step has a deadline, since a JVM that is stopped, deadlocked at a safepoint or swapped
 * out accepts the connection (the kernel does that) and then says nothing: the socket is used
 * non-blocking and a selector waits, so no read can hang past {@link Patience}'s say.
 */
final class HotSpotAttach {
    /** The JDK's own default attach timeout is 10 s; the listener starts in milliseconds on a JVM that runs at all. */
    static final long START_LISTENER_MS = 5_000;
    /** How often a wait looks at the clock and at its {@link Patience}. */
    private static final long POLL_MS = 200;
    /** Beyond any thread dump (10,000 threads is about 20 MB) or JFR answer: a bound, not an expectation. */
    private static final int MAX_REPLY_BYTES = 64 * 1024 * 1024;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    /** Decides, while no answer has come, whether to go on waiting; asked every {@value #POLL_MS} ms. */
    interface Patience {
        /** Null to go on waiting, else why waiting ends, completing "its answer ...". */
        String exhausted();

        static Patience forMillis(long ms) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            return () -> System.nanoTime() - deadline > 0 ? "did not come within " + seconds(ms) : null;
        }
    }

    private HotSpotAttach() {
    }

    /** Sends one request to the JVM {@code pid} and returns its whole answer. */
    static AttachReply execute(long pid, AttachRequest request, Patience patience) throws IOException {
        ProcStatus status = ProcStatus.read(pid);
        if (attachDisabled(pid)) {
            throw new AttachFailure("the JVM (pid " + pid + ") runs with -XX:+DisableAttachMechanism", false);
        }
        Path socket = socketOf(status);
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            startListener(status, socket);
        }
        requireOurs(socket);
        return exchange(socket, request, patience, pid);
    }

    /**
     * The flag on the command line (what jpm's own launch passes from jvm_args): without it, the
     * SIGQUIT meant to start the listener would only print a dump and the wait would run its 5 s out.
     */
    private static boolean attachDisabled(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Arrays.asList(new String(cmdline, StandardCharsets.UTF_8).split("\0")).contains("-XX:+DisableAttachMechanism");
        } catch (IOException e) {
            return false;
        }
    }

    static Path socketOf(ProcStatus status) {
        return tmpOf(status).resolve(".java_pid" + status.namespacePid());
    }

    /** HotSpot's temp folder is always /tmp on Linux, whatever java.io.tmpdir says; seen from here through /proc for a container. */
    private static Path tmpOf(ProcStatus status) {
        return status.inOtherPidNamespace() ? Path.of("/proc", Long.toString(status.pid()), "root", "tmp") : Path.of("/tmp");
    }

    private static void startListener(ProcStatus status, Path socket) throws IOException {
        if (!status.catchesSigquit()) {
            throw new AttachFailure("process " + status.pid() + " does not handle SIGQUIT (a JVM started with -Xrs, or no JVM),"
                    + " so asking it to start its attach listener would kill it", false);
        }
        Path trigger = createTrigger(status);
        try {
            Signals.send("QUIT", status.pid());
            long started = System.nanoTime();
            boolean resent = false;
            while (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                if (ProcessHandle.of(status.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
                    throw new AttachFailure("the JVM (pid " + status.pid() + ") exited while its attach listener was awaited", false);
                }
                if (waitedMs > START_LISTENER_MS) {
                    throw new AttachFailure("the JVM (pid " + status.pid() + ") did not start its attach listener within "
                            + seconds(START_LISTENER_MS) + " of SIGQUIT" + stoppedHint(status.pid()), false);
                }
                if (!resent && waitedMs > START_LISTENER_MS / 2) {
                    // as the JDK does: a signal that came while the JVM was still starting its signal thread is lost
                    Signals.send("QUIT", status.pid());
                    resent = true;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        } finally {
            if (trigger != null) {
                Files.deleteIfExists(trigger);
            }
        }
    }

    /**
     * The trigger file, in the JVM's working folder or else its /tmp; null when one is there
     * already (another attach under way), which triggers as well and is not ours to delete.
     */
    private static Path createTrigger(ProcStatus status) throws IOException {
        String name = ".attach_pid" + status.namespacePid();
        Path inCwd = Path.of("/proc", Long.toString(status.pid()), "cwd", name);
        try {
            return Files.createFile(inCwd);
        } catch (FileAlreadyExistsException e) {
            return null;
        } catch (IOException e) {
            // a working folder we may not write: the JVM also looks in its /tmp
        }
        Path inTmp = tmpOf(status).resolve(name);
        try {
            return Files.createFile(inTmp);
        } catch (FileAlreadyExistsException e) {
            return null;
        }
    }

    /**
     * As the JDK checks before it connects: the socket is a socket, ours, and open to no one
     * else, so a socket another user planted in /tmp under a JVM's name never gets our request.
     */
    private static void requireOurs(Path socket) throws IOException {
        PosixFileAttributes a = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int owner = (int) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int ours = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!a.isOther() || a.isSymbolicLink()) {
            throw new AttachFailure(socket + " is not a socket; not attaching through it", false);
        }
        if (owner != ours) {
            throw new AttachFailure(socket + " belongs to uid " + owner + ", not to us (uid " + ours
                    + "); the daemon attaches only to JVMs of its own user", false);
        }
        if (a.permissions().stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new AttachFailure(socket + " is open to others; not attaching through it", false);
        }
    }

    static AttachReply exchange(Path socket, AttachRequest request, Patience patience, long pid) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            long connectDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_LISTENER_MS);
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    if (System.nanoTime() - connectDeadline > 0) {
                        throw new AttachFailure("the JVM (pid " + pid + ") accepted no connection on " + socket + " within "
                                + seconds(START_LISTENER_MS) + stoppedHint(pid), true);
                    }
                    selector.select(POLL_MS);
                    selector.selectedKeys().clear();
                }
                key.cancel();
                selector.selectNow();
            }
            ByteBuffer out = ByteBuffer.wrap(request.encode());
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            while (out.hasRemaining()) {
                channel.write(out);
                if (out.hasRemaining()) {
                    waitOnce(selector, patience, pid, request);
                }
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (true) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    waitOnce(selector, patience, pid, request);
                    continue;
                }
                if (answer.size() + n > MAX_REPLY_BYTES) {
                    throw new AttachFailure("the JVM's answer to '" + request + "' passed " + (MAX_REPLY_BYTES >> 20)
                            + " MB; not reading more", true);
                }
                answer.write(in.array(), 0, n);
            }
            try {
                return AttachReply.parse(answer.toByteArray());
            } catch (IllegalArgumentException e) {
                throw new AttachFailure("the JVM (pid " + pid + ") answered '" + request + "' with no status: " + e.getMessage(), true);
            }
        }
    }

    private static void waitOnce(Selector selector, Patience patience, long pid, AttachRequest request) throws IOException {
        if (selector.select(POLL_MS) == 0) {
            String why = patience.exhausted();
            if (why != null) {
                throw new AttachFailure("the JVM (pid " + pid + ") took the request '" + request + "' but its answer "
                        + why + stoppedHint(pid), true);
            }
        }
        selector.selectedKeys().clear();
    }

    /** Why a JVM may not answer, when /proc can tell: stopped by SIGSTOP. */
    static String stoppedHint(long pid) {
        try {
            return ProcStatus.read(pid).stopped() ? "; it is stopped (SIGSTOP): 'kill -CONT " + pid + "' lets it go on" : "";
        } catch (IOException e) {
            return "; it has exited";
        }
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
