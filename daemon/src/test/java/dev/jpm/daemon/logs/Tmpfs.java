package dev.jpm.daemon.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs for a test that needs a disk that can fill up: mounted on a new folder, unmounted
 * and removed on close. Mounting needs root; {@link #possible()} tells, so a test can skip.
 */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static boolean possible() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Tmpfs mount(long sizeBytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jpm-tmpfs-");
        run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0700", "tmpfs", dir.toString());
        return new Tmpfs(dir);
    }

    Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException {
        try {
            run("umount", mountPoint.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + mountPoint, e);
        }
        Files.delete(mountPoint);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }
}
