package dev.jpm.daemon.supervisor;

import java.util.Locale;

/**
 * The life of an instance (DESIGN.md decision 7): {@code launching → online → stopping → stopped},
 * and {@code errored} once the restart policy gives up. An instance waiting out a restart delay is
 * {@code launching}: it is on its way back.
 */
public enum Status {
    LAUNCHING,
    ONLINE,
    STOPPING,
    STOPPED,
    ERRORED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
