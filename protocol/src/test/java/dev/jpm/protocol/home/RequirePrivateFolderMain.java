package dev.jpm.protocol.home;

import java.nio.file.Path;

/** Runs {@link PathSafety#requirePrivateFolder} in a JVM of another uid; exits 0 when the folder passes, 9 with the refusal otherwise. */
public final class RequirePrivateFolderMain {
    private RequirePrivateFolderMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            PathSafety.requirePrivateFolder(Path.of(args[0]));
        } catch (PathSafety.UnsafePathException e) {
            System.out.println(e.getMessage());
            System.exit(9);
        }
    }
}
