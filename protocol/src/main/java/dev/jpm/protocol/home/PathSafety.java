package dev.jpm.protocol.home;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Verifies, never trusts, what is in a jpm home (DESIGN.md decision 12). Whatever jpm opens,
 * truncates, rotates or deletes there must be ours, not writable by group or others, and not a
 * symlink; anything else is refused with the path and the fix named.
 *
 * <p>Why checking the folders is most of the work: in a folder that is ours and that no one else
 * may write (0700, owner us), only we and root can create, rename or delete entries. So once
 * {@code JPM_HOME} and {@code logs/} pass {@link #requirePrivateFolder}, no other user can plant
 * a symlink or a file there, nor swap one we checked for another, afterwards. The folders above
 * the home are checked too ({@link #requireSafeAncestors}): whoever may write the parent could
 * rename the whole home away and put their own in its place, unless the parent is sticky (as
 * {@code /tmp} is), where only an entry's owner may rename it.
 *
 * <p>What a folder check cannot see is what was already in the folder when it was checked: a
 * file or symlink another user planted while the folder was still open to them (it was 0777 and
 * the user tightened it by hand), or a stray symlink the user made themselves. That is what
 * {@link #requireSafeFile} is for, right before each open; and since nobody else can change the
 * folder any more, nobody else can race that check either. Opens then add
 * {@link LinkOption#NOFOLLOW_LINKS} (O_NOFOLLOW) wherever Java lets them.
 */
public final class PathSafety {
    private static final Set<PosixFilePermission> OTHERS_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final String OWNER_ONLY = "rwx------";
    /** S_ISVTX: in a sticky folder only an entry's owner may rename or delete it. */
    private static final int STICKY = 01000;
    private static final int ROOT_UID = 0;
    /** Set once by the first {@link #ourUid} call, on whichever thread; never changes after. */
    private static volatile Integer ourUid;

    private PathSafety() {
    }

    /** A path jpm refuses to use, with what is wrong and how to fix it. */
    public static final class UnsafePathException extends IOException {
        private final Path path;

        UnsafePathException(Path path, String message) {
            super(message);
            this.path = path;
        }

        public Path path() {
            return path;
        }
    }

    /** The file mode jpm gives every file it creates in a home: the owner's only. */
    public static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The home and its {@code logs/} folder, created owner-only when missing, verified when
     * present. A folder jpm finds already there is never chmod-ed: had it been open to others,
     * they may have planted files in it before we came, and a chmod would hide that instead of
     * saying it. Only a folder jpm has just created (atomically: {@code mkdir} fails on anything
     * in the way) is chmod-ed, to undo a umask that took the owner's own bits.
     */
    public static void preparePrivateFolders(JpmHome home) throws IOException {
        requireSafeAncestors(home.root(), "JPM_HOME " + home.root());
        createOrRequirePrivate(home.root());
        createOrRequirePrivate(home.logsDir());
    }

    /** A folder inside a home checked with {@link #preparePrivateFolders}: created owner-only when missing, verified when present. */
    public static void createOrRequirePrivate(Path dir) throws IOException {
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // there before us: verify it below, never chmod it
        }
        requirePrivateFolder(dir);
    }

    /** {@code dir} is a real folder (not a symlink), ours, and writable by no one else. */
    public static void requirePrivateFolder(Path dir) throws IOException {
        PosixFileAttributes a = attributes(dir);
        if (a.isSymbolicLink()) {
            throw new UnsafePathException(dir, dir + " is a symlink; jpm uses only a real folder it owns: "
                    + "point JPM_HOME at the folder itself, or remove the link");
        }
        if (!a.isDirectory()) {
            throw new UnsafePathException(dir, dir + " is not a folder; remove it or choose another JPM_HOME");
        }
        requireOurs(dir, a);
        if (a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
            throw new UnsafePathException(dir, dir + " is writable by others (" + PosixFilePermissions.toString(a.permissions())
                    + "), so someone may have planted files in it; check what is inside, then 'chmod 700 " + dir + "'");
        }
    }

    /**
     * A file jpm is about to open, truncate, rotate or delete: absent, or a regular file (not a
     * symlink) with no other hard link, ours, and writable by no one else.
     */
    public static void requireSafeFile(Path file) throws IOException {
        PosixFileAttributes a;
        try {
            a = attributes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (a.isSymbolicLink()) {
            throw new UnsafePathException(file, file + " is a symlink; jpm does not write through links, which could point"
                    + " it at any file of yours: remove it (rm " + file + "), or name the file the link points to");
        }
        if (!a.isRegularFile()) {
            throw new UnsafePathException(file, file + " is " + (a.isDirectory() ? "a folder" : "not a regular file (a fifo,"
                    + " socket or device)") + "; jpm appends to, rotates and empties only a regular file (and /dev/null"
                    + " as out_file/err_file keeps nothing): remove it or choose another name");
        }
        requireOurs(file, a);
        if (a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
            throw new UnsafePathException(file, file + " is writable by others (" + PosixFilePermissions.toString(a.permissions())
                    + "); check it, then 'chmod go-w " + file + "'");
        }
        // a second name elsewhere (a planted link to ~/.bashrc, say) would have jpm append into
        // and truncate that file too, and no check of this name can see where the other is
        int links = (int) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (links != 1) {
            throw new UnsafePathException(file, file + " has " + links + " hard links, so writing it would change another"
                    + " file too; jpm writes only a file with one name: check it, then remove it (rm " + file + ")");
        }
    }

    /**
     * Every folder above the home: writable by no one but us and root, or sticky. A link on the
     * way (JPM_HOME=~/link/jpm, ~/link pointing to /srv/shared/x) leads into folders the typed
     * path never names, and whoever may write /srv/shared could swap x: so the folders checked
     * are those above where each existing part of the path really is, and a link on the way must
     * be ours or root's, since in a sticky folder its owner may still replace it. (The home itself
     * may not be a link at all: {@link #requirePrivateFolder}.)
     */
    /**
     * The folder of a log file the user put outside the home ({@code out_file}): as {@code logs/}
     * is, ours and writable by no one else, so that no other user can swap the file for a link
     * between jpm's check and its open, nor plant the archives rotation moves; and every folder
     * above it as safe as those above a home. The folder may be reached through a link of ours
     * or root's, as a home may ({@code /var/log} is one on some systems).
     */
    public static void requireSafeLogFolder(Path folder) throws IOException {
        String what = "the log folder " + folder;
        PosixFileAttributes a = Files.readAttributes(folder, PosixFileAttributes.class);
        if (!a.isDirectory()) {
            throw new UnsafePathException(folder, folder + " is not a folder; a log file's folder must be one");
        }
        Path real = folder.toRealPath();
        requireOurs(real, Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        if (a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
            throw new UnsafePathException(folder, what + " is writable by others (" + PosixFilePermissions.toString(a.permissions())
                    + "), who could replace the log file with a link to any file of yours; 'chmod go-w " + folder
                    + "', or choose a folder only you may write");
        }
        // as if for an entry in it, so that the folder is checked as a part of the path too (a link is ours or root's)
        requireSafeAncestors(folder.resolve("entry"), what);
    }

    static void requireSafeAncestors(Path home, String what) throws IOException {
        Set<Path> folders = new LinkedHashSet<>();
        for (Path part = home.toAbsolutePath().getParent(); part != null; part = part.getParent()) {
            if (Files.isSymbolicLink(part)) {
                int owner = (int) Files.getAttribute(part, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                if (owner != ROOT_UID && owner != ourUid()) {
                    throw new UnsafePathException(part, what + " goes through the link " + part + ", which belongs to user '"
                            + Files.getOwner(part, LinkOption.NOFOLLOW_LINKS).getName() + "' and could be pointed elsewhere;"
                            + " choose a folder only you control");
                }
            }
            if (Files.exists(part)) {
                for (Path dir = part.toRealPath(); dir != null; dir = dir.getParent()) {
                    folders.add(dir);
                }
            }
        }
        for (Path dir : folders) {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class);
            int owner = (int) Files.getAttribute(dir, "unix:uid");
            boolean ownerTrusted = owner == ROOT_UID || owner == ourUid();
            boolean sticky = ((int) Files.getAttribute(dir, "unix:mode") & STICKY) != 0;
            boolean openToOthers = a.permissions().stream().anyMatch(OTHERS_WRITE::contains);
            if (!ownerTrusted || (openToOthers && !sticky)) {
                throw new UnsafePathException(dir, what + " lies in " + dir + ", which "
                        + (ownerTrusted ? "others may write" : "belongs to user '" + a.owner().getName() + "'")
                        + ", so it could be swapped under jpm; choose a folder only you control");
            }
        }
    }

    /**
     * Ownership is compared as uids: the owner's name needs a passwd lookup, which fails when no
     * descriptor is free or NSS is down, and the JDK then names the owner by number ("1000"),
     * which never equals our name: our own home was refused and restarts failed.
     */
    private static void requireOurs(Path path, PosixFileAttributes a) throws IOException {
        if ((int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) != ourUid()) {
            throw new UnsafePathException(path, path + " belongs to user '" + a.owner().getName() + "', not '" + currentUser()
                    + "': jpm uses only what is its user's own, and another user's home and daemon may not be"
                    + " controlled by you; set JPM_HOME to a folder of your own");
        }
    }

    private static PosixFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static String currentUser() {
        return System.getProperty("user.name");
    }

    /**
     * The uid this process runs as: the owner of its /proc entry, one stat, read once. A race
     * between two first callers only reads the same number twice.
     */
    private static int ourUid() throws IOException {
        Integer uid = ourUid;
        if (uid == null) {
            uid = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            ourUid = uid;
        }
        return uid;
    }
}
