package dev.jpm.protocol.view;

import java.util.Locale;

/**
 * The life of an instance (DESIGN.md decision 7): {@code launching → online → stopping → stopped},
 * and {@code errored} once the restart policy gives up. An instance waiting out a restart delay is
 * {@code launching}: it is on its way back. On the wire, in {@code state.json} and in
 * {@code list --json} each is its name in lower case ({@code "online"}).
 */
public enum InstanceStatus {
    LAUNCHING,
    ONLINE,
    STOPPING,
    STOPPED,
    ERRORED;

    /** As the user and scripts read it, and as {@code RecordCodec} writes every enum. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
