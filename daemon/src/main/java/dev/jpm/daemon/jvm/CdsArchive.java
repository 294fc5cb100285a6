package dev.jpm.daemon.jvm;

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
 * {@code cds: auto}: one class-data archive per app and version of its jar and JDK, named
 * {@code <app>-<hash>.jsa}. The hash covers the jar's path, size and modification time and the
 * java version, so a rebuilt jar or an upgraded JDK gets a fresh archive instead of one the JVM
 * would reject, and the archives of older versions are deleted.
 *
 * <p>Only JDK 19+ ({@code -XX:+AutoCreateSharedArchive}, JEP 350's follow-up JDK-8261455): the JVM
 * maps the archive when it matches and rewrites it at exit when it does not, so jpm only names it.
 * JDK 17's {@code -XX:ArchiveClassesAtExit} was considered and not used: the archive is written
 * when the first run exits, which for a server is its stop; the N instances of a cluster all
 * write the same file at once; a run killed by SIGKILL leaves none; and a stale archive is
 * refused but never remade, so jpm would have to tell a good archive from a bad one itself.
 */
public final class CdsArchive {
    public static final int FIRST_AUTO_CREATE_JDK = 19;
    /** 64 bits of SHA-256: distinct jar versions of one app never collide in practice. */
    private static final int HASH_HEX_CHARS = 16;

    private CdsArchive() {
    }

    /** Whether a JDK of this feature release can make and refresh the archive on its own. */
    public static boolean supported(int javaFeature) {
        return javaFeature >= FIRST_AUTO_CREATE_JDK;
    }

    /** The archive for this app, jar and java version, inside {@code folder}. */
    public static Path path(Path folder, String app, Path jar, String javaVersion) throws IOException {
        BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
        String identity = jar.toAbsolutePath().normalize() + "\0" + a.size() + "\0" + a.lastModifiedTime().toMillis() + "\0" + javaVersion;
        return folder.resolve(app + "-" + hash(identity) + ".jsa");
    }

    /** Deletes this app's archives other than {@code current}: those of earlier jars or JDKs. */
    public static void removeOthers(Path current, String app) throws IOException {
        // the hash's fixed length keeps app "a" from matching "a-b-<hash>.jsa" of app "a-b"
        Pattern ours = Pattern.compile(Pattern.quote(app) + "-[0-9a-f]{" + HASH_HEX_CHARS + "}\\.jsa");
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(current.getParent(), app + "-*.jsa")) {
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
