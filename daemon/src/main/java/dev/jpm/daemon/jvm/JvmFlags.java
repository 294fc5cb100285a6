package dev.jpm.daemon.jvm;

import dev.jpm.protocol.ecosystem.JvmSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options jpm puts before an app's own {@code jvm_args}, from its {@link JvmSettings}. They
 * come first so that where the JVM lets a later flag override an earlier one, the user's win; and
 * a behaviour the user already chose is not added at all, because two OOM behaviours do not
 * override each other, they both run ({@code OnOutOfMemoryError}'s command, then the exit).
 */
public final class JvmFlags {
    /**
     * What the user's options (jvm_args, then the words of JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS
     * in the app's env, which the JVM reads too) may already say about out-of-memory behaviour.
     */
    private static final List<String> OOM_CHOICES = List.of(
            "-XX:+ExitOnOutOfMemoryError", "-XX:-ExitOnOutOfMemoryError", "-XX:+CrashOnOutOfMemoryError", "-XX:OnOutOfMemoryError=");
    private static final List<String> CDS_CHOICES = List.of(
            "-XX:SharedArchiveFile=", "-XX:ArchiveClassesAtExit=", "-XX:+AutoCreateSharedArchive", "-XX:-AutoCreateSharedArchive",
            "-Xshare:");
    /** 5 files of 10 MB: a busy G1 heap logs about 1 MB an hour at gc*, so days of history in 50 MB. */
    static final String GC_ROTATION = "filecount=5,filesize=10m";

    /**
     * Where the flags point.
     *
     * @param errorFile  the hs_err file, with {@code %p} for the pid
     * @param heapDumps  the folder heap dumps go to
     * @param gcLog      the instance's GC log
     * @param cdsArchive the app's class-data archive, or null when CDS is off or this JDK cannot make one
     */
    public record Paths(String errorFile, Path heapDumps, Path gcLog, Path cdsArchive) {
    }

    private JvmFlags() {
    }

    public static List<String> of(List<String> userOptions, JvmSettings settings, Paths paths) {
        List<String> flags = new ArrayList<>();
        if (!choosesAny(userOptions, OOM_CHOICES)) {
            // a JVM past an OutOfMemoryError has threads that died mid-work and locks never freed: a
            // restart is the way back, and the restart policy gives one
            flags.add("-XX:+ExitOnOutOfMemoryError");
        }
        if (!choosesAny(userOptions, List.of("-XX:ErrorFile="))) {
            flags.add("-XX:ErrorFile=" + paths.errorFile());
        }
        if (settings.heapDumpOnOom() && !choosesAny(userOptions, List.of("-XX:-HeapDumpOnOutOfMemoryError"))) {
            if (!choosesAny(userOptions, List.of("-XX:+HeapDumpOnOutOfMemoryError"))) {
                flags.add("-XX:+HeapDumpOnOutOfMemoryError");
            }
            if (!choosesAny(userOptions, List.of("-XX:HeapDumpPath="))) {
                // a folder (with its trailing slash): the JVM names the file java_pid<pid>.hprof in it
                flags.add("-XX:HeapDumpPath=" + paths.heapDumps() + "/");
            }
        }
        if (settings.gcLog()) {
            // quoted: a home path may hold the ':' and ',' that -Xlog uses as separators
            flags.add("-Xlog:gc*:file=\"" + paths.gcLog() + "\":time,uptime,level,tags:" + GC_ROTATION);
        }
        if (settings.cds() == JvmSettings.Cds.AUTO && paths.cdsArchive() != null && !choosesAny(userOptions, CDS_CHOICES)) {
            flags.add("-XX:+AutoCreateSharedArchive");
            flags.add("-XX:SharedArchiveFile=" + paths.cdsArchive());
        }
        return flags;
    }

    /** True when the user's options hold one of {@code choices} (an exact flag, or a prefix ending in '=' or ':'). */
    static boolean choosesAny(List<String> userOptions, List<String> choices) {
        for (String option : userOptions) {
            for (String choice : choices) {
                boolean prefix = choice.endsWith("=") || choice.endsWith(":");
                if (prefix ? option.startsWith(choice) : option.equals(choice)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The user's own options the JVM will see: jvm_args, then those it reads from the app's environment. */
    public static List<String> userOptions(List<String> jvmArgs, java.util.Map<String, String> env) {
        List<String> all = new ArrayList<>(jvmArgs);
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                all.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        return all;
    }
}
