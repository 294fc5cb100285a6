package dev.jpm.daemon.jvm;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.home.DiskFull;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Results;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * {@code jpm threaddump}: {@code Thread.print -l} through the attach listener, or SIGQUIT's dump
 * out of the out log when the listener never came up; kept as {@code threaddump-<id>-<stamp>.txt}.
 */
final class ThreadDumps {
    /** Printing the threads takes milliseconds at a safepoint; a JVM that cannot reach one in 10 s is stuck. */
    static final long REPLY_MS = 10_000;
    static final String COMMAND = "Thread.print -l";

    private ThreadDumps() {
    }

    static Results.ThreadDump take(JpmHome home, InstanceSnapshot instance, int retain, long nowMillis) {
        String text;
        String via;
        try {
            if (instance.pid() == null) {
                throw new JpmException(ErrorCode.CONFLICT, "not running (" + instance.status().name().toLowerCase() + ")");
            }
            try {
                text = viaAttach(instance.pid());
                via = "attach";
            } catch (AttachFailure f) {
                if (f.listenerReached()) {
                    throw f;
                }
                try {
                    text = SigquitDump.take(instance.pid(), home.logFile(instance.app(), instance.id(), LogStream.OUT));
                    via = "sigquit";
                } catch (AttachFailure second) {
                    throw new AttachFailure(f.getMessage() + "; and by SIGQUIT: " + second.getMessage(), false);
                }
            }
        } catch (IOException | RuntimeException e) {
            InstanceFailure failure = InstanceFailure.of(e);
            return new Results.ThreadDump(instance.id(), instance.app(), instance.index(), instance.pid(), null, null, null, null,
                    failure.message(), failure.code().wireName());
        }
        String file = null;
        String note = null;
        try {
            file = keep(home, instance, text, nowMillis).toString();
            DumpRetention.trim(home, instance.app(), retain);
        } catch (IOException | JpmException e) {
            note = "not kept: " + e.getMessage();
        }
        return new Results.ThreadDump(instance.id(), instance.app(), instance.index(), instance.pid(), file, via, text, note, null, null);
    }

    private static String viaAttach(long pid) throws IOException {
        AttachReply reply = HotSpotAttach.execute(pid, AttachRequest.jcmd(COMMAND), HotSpotAttach.Patience.forMillis(REPLY_MS));
        if (!reply.ok()) {
            throw new AttachFailure("the JVM (pid " + pid + ") refused '" + COMMAND + "': " + reply.output().trim(), true);
        }
        return reply.output();
    }

    /** Written by us, so created here: owner-only, O_EXCL (never through a link), removed again if the disk is full. */
    static Path keep(JpmHome home, InstanceSnapshot instance, String text, long nowMillis) throws IOException {
        Path folder = DumpFolder.prepare(home, instance.app());
        Path file = DumpFolder.newFile(folder, DumpKind.THREADDUMP, instance.id(), nowMillis);
        try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PathSafety.ownerOnlyFile())) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            Files.deleteIfExists(file);
            if (DiskFull.is(e)) {
                throw new JpmException(ErrorCode.STORAGE, "the disk holding " + folder + " is full");
            }
            throw e;
        }
        return file;
    }
}
