package dev.jpm.protocol.view;

/**
 * One line of an instance's output, as {@code logs} streams it: the data of a {@code log} event,
 * and what {@code jpm logs --json} prints, one object a line.
 *
 * @param stream {@code out} or {@code err}
 * @param line   the text without its line end
 */
public record LogLine(String app, int id, String stream, String line) {
}
