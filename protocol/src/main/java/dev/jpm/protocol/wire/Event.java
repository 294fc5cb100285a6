package dev.jpm.protocol.wire;

/** One item of a stream ({@code logs}, progress of a long request), sent before the closing {@link Reply}. */
public record Event(long id, String event, Object data) {
}
