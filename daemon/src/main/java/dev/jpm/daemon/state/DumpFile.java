package dev.jpm.daemon.state;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.List;

/** What {@code jpm save} keeps for {@code jpm resurrect}: the apps as declared, with their instance counts. */
public record DumpFile(List<AppSpec> apps) {
    public static final DumpFile EMPTY = new DumpFile(List.of());
}
