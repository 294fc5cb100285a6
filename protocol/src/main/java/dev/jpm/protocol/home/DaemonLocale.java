package dev.jpm.protocol.home;

import java.util.Map;

/**
 * The daemon runs with its C library's messages in English, since that is the only way to tell
 * a full disk ({@link DiskFull}); its instances run in the user's own locale.
 *
 * <p>LC_ALL=C.UTF-8 rather than C: messages are the same, and the JVM keeps UTF-8 for file
 * names (under plain C, Java 17 encodes them as ASCII and a home or jar path with an "é" breaks).
 * A system without C.UTF-8 falls back to C, still English. The user's own LC_ALL travels beside
 * it, for the instances: they inherit the daemon's environment.
 */
public final class DaemonLocale {
    static final String LC_ALL = "LC_ALL";
    /** The LC_ALL of the CLI that started the daemon; absent when it had none. */
    static final String USER_LC_ALL = "JPM_USER_LC_ALL";

    private DaemonLocale() {
    }

    /** Sets the daemon's environment, from the CLI's. */
    public static void forDaemon(Map<String, String> env) {
        String user = env.put(LC_ALL, "C.UTF-8");
        if (user != null) {
            env.put(USER_LC_ALL, user);
        }
    }

    /** Gives an instance's environment, inherited from the daemon, back the user's LC_ALL. */
    public static void forInstance(Map<String, String> env) {
        String user = env.remove(USER_LC_ALL);
        if (user != null) {
            env.put(LC_ALL, user);
        } else {
            env.remove(LC_ALL);
        }
    }
}
