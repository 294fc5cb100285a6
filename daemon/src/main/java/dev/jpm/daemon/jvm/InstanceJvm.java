package dev.jpm.daemon.jvm;

import dev.jpm.daemon.Log;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.JvmSettings;
import dev.jpm.protocol.home.ArchiveFiles;
import dev.jpm.protocol.home.JavaRelease;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.PathSafety;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files jpm points an instance's JVM at, and the flags that do it: the folders are made (or
 * checked) private before the launch, since the JVM follows whatever it finds at those paths.
 * The file names are here once, for the launch and for reading what a run left behind.
 */
public final class InstanceJvm {
    private final JpmHome home;

    public InstanceJvm(JpmHome home) {
        this.home = home;
    }

    /** The flags for one launch of instance {@code id}; {@code env} is the environment it starts with. */
    public List<String> flags(AppSpec spec, int id, Map<String, String> env) throws IOException {
        JvmSettings settings = spec.jvm();
        Path dumps = home.dumpsDir(spec.name());
        if (settings.heapDumpOnOom()) {
            PathSafety.createOrRequirePrivate(dumps.getParent());
            PathSafety.createOrRequirePrivate(dumps);
        }
        Path archive = settings.cds() == JvmSettings.Cds.AUTO ? cdsArchive(spec).orElse(null) : null;
        return JvmFlags.of(JvmFlags.userOptions(spec.jvmArgs(), env), settings,
                new JvmFlags.Paths(errorFilePattern(spec.name(), id), dumps, gcLog(spec.name(), id), archive));
    }

    /** The hs_err file of instance {@code id}, {@code %p} standing for the pid (the JVM fills it in). */
    String errorFilePattern(String app, int id) {
        return home.logsDir().resolve(app + "-" + id + "-hs_err-%p.log").toString();
    }

    /** The hs_err file a crash of process {@code pid} of instance {@code id} writes. */
    public Path errorFile(String app, int id, long pid) {
        return Path.of(errorFilePattern(app, id).replace("%p", Long.toString(pid)));
    }

    /** The heap dump the JVM writes for process {@code pid} with {@code heap_dump_on_oom}. */
    public Path heapDump(String app, long pid) {
        return home.dumpsDir(app).resolve("java_pid" + pid + ".hprof");
    }

    /** The GC log of instance {@code id}; the JVM rotates it to {@code .0}, {@code .1}... */
    public Path gcLog(String app, int id) {
        return home.logsDir().resolve(app + "-" + id + "-gc.log");
    }

    /**
     * The app's archive on a JDK that makes one itself, its older ones deleted; empty (and said in
     * daemon.log, the CLI says it at start) on an older JDK or when the archive folder is unusable:
     * CDS only makes starts faster, so its trouble never stops a launch.
     */
    private Optional<Path> cdsArchive(AppSpec spec) {
        Optional<String> version = JavaRelease.version(spec.java());
        if (version.isEmpty() || !CdsArchive.supported(JavaRelease.feature(version.get()))) {
            Log.info("cds: auto skipped for " + spec.name() + ": its java (" + version.orElse("version unknown")
                    + ") cannot make an archive on its own, which needs JDK " + CdsArchive.FIRST_AUTO_CREATE_JDK + "+");
            return Optional.empty();
        }
        try {
            PathSafety.createOrRequirePrivate(home.cdsDir());
            Path archive = ArchiveFiles.path(home.cdsDir(), spec.name(), Path.of(spec.jar()), version.get());
            ArchiveFiles.removeOthers(archive, spec.name());
            return Optional.of(archive);
        } catch (IOException e) {
            Log.warn("cds: auto skipped for " + spec.name() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
