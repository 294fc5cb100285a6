package dev.jpm.cli.startup;

import dev.jpm.protocol.home.JpmHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Who the service runs as and which JPM_HOME it serves. Usually the caller and the caller's
 * home. A system unit for another account ({@code sudo jpm startup --system --as deploy}) serves
 * that account's ~/.jpm, unless JPM_HOME names one: the caller's own home would belong to root,
 * and the daemon refuses a home that is not its user's.
 */
public record ServiceAccount(String user, Path home) {
    public static ServiceAccount of(String requestedUser, Map<String, String> env) throws IOException {
        String me = System.getProperty("user.name");
        if (requestedUser == null || requestedUser.equals(me)) {
            return new ServiceAccount(me, JpmHome.fromEnvironment(env).root().toAbsolutePath());
        }
        String explicit = env.get(JpmHome.ENV);
        if (explicit != null && !explicit.isBlank()) {
            return new ServiceAccount(requestedUser, Path.of(explicit).toAbsolutePath());
        }
        return new ServiceAccount(requestedUser, homeFolderOf(requestedUser).resolve(".jpm"));
    }

    /** From /etc/passwd: name:password:uid:gid:gecos:home:shell. */
    private static Path homeFolderOf(String user) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 7 && fields[0].equals(user)) {
                return Path.of(fields[5]);
            }
        }
        throw new IOException("no account named '" + user + "' in /etc/passwd");
    }

    public static boolean callerIsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
