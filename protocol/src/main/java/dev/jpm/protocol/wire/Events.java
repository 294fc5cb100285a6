package dev.jpm.protocol.wire;

import dev.jpm.protocol.view.LogLine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every event the daemon streams before a reply, one record each, and the name each travels under
 * as {@code event}. The CLI reads an event by its name; one with a name it does not know (from a
 * newer daemon) it skips.
 */
public final class Events {
    private static final Map<String, Class<? extends Record>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<? extends Record>, String> BY_TYPE = new LinkedHashMap<>();

    static {
        register("log", LogLine.class);
        register("alive", Alive.class);
        register("progress", Progress.class);
        register("dump_progress", DumpProgress.class);
        register("starting", Starting.class);
    }

    private Events() {
    }

    /** {@code logs --follow}: nothing to send, but a write that fails tells the daemon the client has gone. */
    public record Alive() {
    }

    /** {@code start}, {@code restart}, {@code scale}, {@code resurrect}: how many of the instances waited for are online. */
    public record Progress(int online, int total) {
    }

    /**
     * {@code heapdump}, {@code threaddump}, {@code jfr}: how far the dump of instance {@code id} is,
     * {@code bytes} written to {@code file} so far; sent about every second, grown or not, so a
     * long dump is not mistaken for a silent daemon.
     */
    public record DumpProgress(int id, String file, long bytes) {
    }

    /**
     * {@code reload} and updates in place, about once a second: a replacement still starting while
     * the old process serves, how long it has taken and what it has done ({@code classes} -1 when
     * its JVM publishes no counters), so a slow framework is seen to be busy, not stuck.
     */
    public record Starting(String instance, long elapsedMs, long cpuMs, long classes) {
    }

    private static void register(String name, Class<? extends Record> type) {
        BY_NAME.put(name, type);
        BY_TYPE.put(type, name);
    }

    /** The name an event travels under; an unregistered type is a programming error, refused here. */
    public static String nameOf(Record data) {
        String name = BY_TYPE.get(data.getClass());
        if (name == null) {
            throw new IllegalArgumentException(data.getClass().getName() + " is not an event (register it in Events)");
        }
        return name;
    }

    /** The record an event name decodes to, or null for a name this side does not know. */
    public static Class<? extends Record> typeOf(String name) {
        return BY_NAME.get(name);
    }

    /** Every event type, in the order registered. */
    public static Iterable<Class<? extends Record>> types() {
        return BY_TYPE.keySet();
    }
}
