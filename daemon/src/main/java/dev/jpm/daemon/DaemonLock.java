package dev.jpm.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One daemon per home: whoever holds the OS lock on {@code daemon.lock} is the daemon. The OS
 * releases the lock when the process dies, however it dies, so a crashed daemon never blocks
 * the next one.
 */
final class DaemonLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process holds it. */
    static Optional<DaemonLock> tryAcquire(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new DaemonLock(channel, lock));
    }

    /** The lock, once whoever holds it now has let go of it (blocks until then). */
    static DaemonLock acquireWaiting(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return new DaemonLock(channel, channel.lock());
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
