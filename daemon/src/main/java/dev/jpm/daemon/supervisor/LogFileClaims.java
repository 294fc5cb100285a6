package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses at start an {@code out_file}/{@code err_file} that another app's names too, or that
 * lies in {@code JPM_HOME}. One app's instances may share a file, and its out and err may: one
 * app's settings rotate it and its own instances are the writers rotation pauses. Two apps' may
 * not: they could rotate it at different sizes, each would pause only its own writers (losing
 * the other's lines at the truncate), and {@code jpm logs api} would show web's lines as api's.
 * JPM_HOME is jpm's: a name there could be another app's own file.
 */
final class LogFileClaims {
    /** {@code ${INSTANCE_ID}} as the names it can become: an index is digits. */
    private static final String ANY_INDEX = "[0-9]+";
    /** Indexes tried against another app's pattern: enough for the digits a name can start or end with. */
    private static final int SAMPLE_INDEXES = 10;

    private LogFileClaims() {
    }

    static Optional<String> problem(AppSpec spec, Collection<AppSpec> others, JpmHome home) {
        for (LogStream stream : LogStream.values()) {
            String mine = custom(spec, stream);
            if (mine == null) {
                continue;
            }
            if (Path.of(mine).startsWith(home.root())) {
                return Optional.of(stream.suffix() + "_file " + mine + " is inside JPM_HOME (" + home.root()
                        + "), whose files are jpm's own: leave " + stream.suffix() + "_file out to log there, or choose a path outside");
            }
            for (AppSpec other : others) {
                for (LogStream theirStream : LogStream.values()) {
                    String theirs = custom(other, theirStream);
                    if (theirs != null && !other.name().equals(spec.name()) && sameFile(mine, theirs)) {
                        return Optional.of(stream.suffix() + "_file " + mine + " names the file that app '" + other.name()
                                + "' logs to (" + theirStream.suffix() + "_file " + theirs + "); give each app its own");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The user's file for {@code stream}, null for jpm's own or for none. */
    private static String custom(AppSpec spec, LogStream stream) {
        String destination = spec.logs().destination(stream);
        return destination == null || spec.logs().discards(stream) ? null : destination;
    }

    static boolean sameFile(String a, String b) {
        return a.equals(b) || matchesSome(a, b) || matchesSome(b, a);
    }

    private static boolean matchesSome(String template, String other) {
        Pattern names = Pattern.compile(Pattern.quote(template).replace(LogSettings.INSTANCE_ID, "\\E" + ANY_INDEX + "\\Q"));
        for (int index = 0; index < SAMPLE_INDEXES; index++) {
            if (names.matcher(LogSettings.withInstanceId(other, index)).matches()) {
                return true;
            }
        }
        return false;
    }
}
