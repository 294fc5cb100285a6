package dev.jpm.daemon.jvm;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.view.DumpView;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An app's dumps folder, {@code $JPM_HOME/dumps/<app>/}: private like the rest of the home
 * (PathSafety: a planted symlink or another user's folder there is refused, never followed), the
 * names of new files in it, and what it holds.
 */
public final class DumpFolder {
    /** Local time, as a person reading {@code ls} on this machine expects; seconds keep names short. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());

    private DumpFolder() {
    }

    /**
     * The app's folder, made owner-only when missing and verified when present: what jpm calls
     * before it, or a JVM it launches ({@code -XX:HeapDumpPath}), writes a dump there.
     */
    public static Path prepare(JpmHome home, String app) throws IOException {
        PathSafety.createOrRequirePrivate(home.dumpsDir());
        Path folder = home.dumpsDir(app);
        PathSafety.createOrRequirePrivate(folder);
        return folder;
    }

    /**
     * A name for a new dump that nothing holds yet: {@code <kind>-<id>-<stamp>.<ext>}, with
     * {@code -2}, {@code -3}... for a second one in the same second. Nothing is created: the JVM
     * creates it (O_EXCL, so a link planted meanwhile is refused, not followed).
     */
    static Path newFile(Path folder, DumpKind kind, int instanceId, long nowMillis) {
        String base = kind.prefix() + "-" + instanceId + "-" + STAMP.format(Instant.ofEpochMilli(nowMillis));
        Path file = folder.resolve(base + "." + kind.extension());
        for (int n = 2; Files.exists(file, LinkOption.NOFOLLOW_LINKS); n++) {
            file = folder.resolve(base + "-" + n + "." + kind.extension());
        }
        return file;
    }

    /** The app's dumps, newest first; none when it has no folder yet. Only regular files of a known kind count. */
    public static List<DumpView> list(JpmHome home, String app) throws IOException {
        Path folder = home.dumpsDir(app);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        PathSafety.requirePrivateFolder(home.dumpsDir());
        PathSafety.requirePrivateFolder(folder);
        List<DumpView> dumps = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                Optional<DumpKind> kind = DumpKind.of(entry.getFileName().toString());
                if (kind.isEmpty()) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        dumps.add(new DumpView(entry.toString(), kind.get().wireName(), a.size(), a.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException e) {
                    // deleted by retention between the listing and the look
                }
            }
        }
        dumps.sort(Comparator.comparingLong(DumpView::modifiedMillis).thenComparing(DumpView::file).reversed());
        return dumps;
    }
}
