package dev.jpm.daemon.jvm;

/**
 * {@code cds: auto}: one class-data archive per app and version of its jar and JDK, named by
 * {@link dev.jpm.protocol.home.ArchiveFiles}.
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

    private CdsArchive() {
    }

    /** Whether a JDK of this feature release can make and refresh the archive on its own. */
    public static boolean supported(int javaFeature) {
        return javaFeature >= FIRST_AUTO_CREATE_JDK;
    }
}
