package dev.jpm.daemon;

import dev.jpm.protocol.home.ArchiveFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's own class-data archive, made once per jpm.jar and JDK. A static archive of just
 * the classes the daemon loads replaces the JDK's default one, which maps 12 MB whatever is used
 * of it: the idle daemon with one instance measured 48.4 MB without, 45.2 MB with (bench/RESULTS.md),
 * and it starts faster. JDK 17 cannot write a static archive from a running JVM, so the CLI
 * starts a daemon that has none with {@code -XX:DumpLoadedClassList} (the JVM appends each class
 * as it loads it) and names the archive to make in {@link ArchiveFiles#DAEMON_ARCHIVE_PROPERTY}; once the daemon has
 * served for {@link #AFTER_MILLIS}, it runs {@code java -Xshare:dump} on that list in a child and
 * moves the result into place. The next daemon maps it (DaemonLauncher in the CLI).
 *
 * <p>The archive is code the daemon will trust, so it is made only in the home's owner-only cds
 * folder (the CLI checks it) and moved there atomically: a half-written archive is never seen.
 * Any failure leaves things as they were: the next daemon starts without an archive and tries
 * again. One short-lived thread of its own.
 */
public final class OwnArchive {
    /** By then the daemon has restored its apps and served the start and list that started it. */
    static final long AFTER_MILLIS = 20_000;
    private static final long DUMP_TIMEOUT_SECONDS = 120;

    private OwnArchive() {
    }

    /** Makes the archive later, when the CLI asked for one. */
    static void makeIfAsked() {
        String asked = System.getProperty(ArchiveFiles.DAEMON_ARCHIVE_PROPERTY);
        if (asked == null || asked.isBlank()) {
            return;
        }
        Thread maker = new Thread(() -> {
            try {
                Thread.sleep(AFTER_MILLIS);
                make(Path.of(asked));
            } catch (InterruptedException e) {
                // the daemon is stopping
            }
        }, "own-archive");
        maker.setDaemon(true);
        maker.start();
    }

    static void make(Path archive) throws InterruptedException {
        Path list = ArchiveFiles.classList(archive);
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process dump = new ProcessBuilder(List.of(java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + list,
                    "-XX:SharedArchiveFile=" + partial, "-cp", System.getProperty("java.class.path")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!dump.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                throw new IOException("java -Xshare:dump took over " + DUMP_TIMEOUT_SECONDS + " s");
            }
            if (dump.exitValue() != 0 || !Files.isRegularFile(partial)) {
                throw new IOException("java -Xshare:dump exited with status " + dump.exitValue());
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ArchiveFiles.removeOthers(archive, ArchiveFiles.DAEMON);
            try (var lists = Files.newDirectoryStream(archive.getParent(), ArchiveFiles.DAEMON + "-*.classlist")) {
                for (Path other : lists) {
                    Files.deleteIfExists(other);
                }
            }
            Log.info("made the daemon's class-data archive " + archive + "; the next daemon starts with it");
        } catch (IOException | RuntimeException e) {
            Log.warn("cannot make the daemon's class-data archive (the daemon runs as well without): " + e.getMessage());
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the next try deletes it first
            }
        }
    }
}
