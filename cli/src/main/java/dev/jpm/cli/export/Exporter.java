package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.Ecosystem;

/** Turns the ecosystem model into one orchestrator's files: a pure function, no daemon, no I/O. */
public interface Exporter {
    /** Where each ecosystem key goes on this target, or why it cannot. */
    KeyTable keys();

    Export export(Ecosystem ecosystem, ExportOptions options) throws ExportException;
}
