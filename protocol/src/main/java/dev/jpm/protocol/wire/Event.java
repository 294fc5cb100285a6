package dev.jpm.protocol.wire;

/**
 * One item of a stream ({@code logs}, progress of a long request), sent before the closing
 * {@link Reply}: {@code {"id":3,"event":"log","data":{...}}}, where {@code data} is one of the
 * records {@link Events} names.
 */
public record Event(long id, Record data) {
    public Event {
        Events.nameOf(data);
    }

    public String name() {
        return Events.nameOf(data);
    }
}
