package dev.jpm.cli.export;

/** One file an export produces: its name (written under {@code -o}) and its whole text. */
public record ExportFile(String name, String text) {
}
