package dev.jpm.cli.commands;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.JvmSettings;
import dev.jpm.protocol.home.JavaRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the user should hear before an app starts that is not wrong enough to refuse it. */
final class StartWarnings {
    /** The first JDK whose JVM makes and refreshes a class-data archive on its own (-XX:+AutoCreateSharedArchive). */
    static final int FIRST_AUTO_CDS_JDK = 19;

    private StartWarnings() {
    }

    static List<String> of(AppSpec spec, long memoryBytes, Optional<String> javaVersion) {
        List<String> warnings = new ArrayList<>();
        HeapFit.warning(spec.name(), spec.jvmArgs(), spec.restart().maxMemoryRestartBytes(), memoryBytes).ifPresent(warnings::add);
        if (spec.jvm().cds() == JvmSettings.Cds.AUTO && javaVersion.map(JavaRelease::feature).orElse(0) < FIRST_AUTO_CDS_JDK) {
            warnings.add("app '" + spec.name() + "': cds: auto needs JDK " + FIRST_AUTO_CDS_JDK + "+ and its java is "
                    + javaVersion.orElse("of an unknown version") + ": it starts without a class-data archive");
        }
        return warnings;
    }
}
