package dev.jpm.protocol.home;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of class-data archives in a home: one per owner (an app with {@code cds: auto}, or the
 * daemon itself) and version of its jar and JDK, {@code <name>-<hash>.jsa}. The hash covers the
 * jar's path, size and modification time and the java version, so a rebuilt jar or an upgraded
 * JDK gets a fresh archive instead of one the JVM would reject, and the archives of older
 * versions are deleted. Here, not in the daemon, because the CLI names the daemon's own archive
 * when it starts the daemon.
 */
public final class ArchiveFiles {
    /** The daemon's archive and class list ({@code OwnArchive}) live here, apart from the apps'. */
    public static final String DAEMON = "daemon";
    /** Set by the CLI on a daemon that has no archive yet: the archive that daemon is to make. */
    public static final String DAEMON_ARCHIVE_PROPERTY = "jpm.daemon.cds.archive";
    /** 64 bits of SHA-256: distinct jar versions of one owner never collide in practice. */
    private static final int HASH_HEX_CHARS = 16;

    private ArchiveFiles() {
    }

    /** The archive for this owner, jar and java version, inside {@code folder}. */
    public static Path path(Path folder, String name, Path jar, String javaVersion) throws IOException {
        BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
        String identity = jar.toAbsolutePath().normalize() + "\0" + a.size() + "\0" + a.lastModifiedTime().toMillis() + "\0" + javaVersion;
        return folder.resolve(name + "-" + hash(identity) + ".jsa");
    }

    /** The daemon's own archive for this jar and java version: in {@code cds/jpm/}, where no app's archive goes. */
    public static Path daemonArchive(JpmHome home, Path jar, String javaVersion) throws IOException {
        return path(home.cdsDir().resolve("jpm"), DAEMON, jar, javaVersion);
    }

    /** The class list an archive is made from, beside it. */
    public static Path classList(Path archive) {
        String name = archive.getFileName().toString();
        return archive.resolveSibling(name.substring(0, name.length() - ".jsa".length()) + ".classlist");
    }

    /** Deletes this owner's archives other than {@code current}: those of earlier jars or JDKs. */
    public static void removeOthers(Path current, String name) throws IOException {
        // the hash's fixed length keeps app "a" from matching "a-b-<hash>.jsa" of app "a-b"
        Pattern ours = Pattern.compile(Pattern.quote(name) + "-[0-9a-f]{" + HASH_HEX_CHARS + "}\\.jsa");
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(current.getParent(), name + "-*.jsa")) {
            for (Path archive : archives) {
                if (!archive.equals(current) && ours.matcher(archive.getFileName().toString()).matches()) {
                    Files.deleteIfExists(archive);
                }
            }
        }
    }

    private static String hash(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
