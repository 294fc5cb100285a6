package dev.jpm.protocol.ecosystem;

import java.nio.file.Path;
import java.util.List;

/** The apps an ecosystem file declares, in file order, read by {@link EcosystemReader}. */
public record Ecosystem(Path file, List<AppSpec> apps) {
    public Ecosystem {
        apps = List.copyOf(apps);
    }
}
