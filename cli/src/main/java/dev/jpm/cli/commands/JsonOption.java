package dev.jpm.cli.commands;

import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output for scripts, as a mixin so every command spells it alike. */
public final class JsonOption {
    @Option(names = "--json", description = "Print JSON instead of a table, for scripts.")
    boolean json;

    public boolean enabled() {
        return json;
    }
}
