package dev.jpm.cli.export;

import java.util.Locale;
import java.util.function.Supplier;

/** The orchestrators {@code jpm export} writes for, by the name typed on the command line. */
public enum ExportTarget {
    KUBERNETES(KubernetesExporter::new),
    COMPOSE(ComposeExporter::new),
    SYSTEMD(SystemdExporter::new);

    private final Supplier<Exporter> exporter;

    ExportTarget(Supplier<Exporter> exporter) {
        this.exporter = exporter;
    }

    public Exporter exporter() {
        return exporter.get();
    }

    public String typed() {
        return name().toLowerCase(Locale.ROOT);
    }
}
