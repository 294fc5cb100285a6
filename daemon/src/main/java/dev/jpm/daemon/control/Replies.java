package dev.jpm.daemon.control;

import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.Reply;

/** Where a request's answer goes: any number of events, then exactly one reply. */
public interface Replies {
    void event(Event event);

    void reply(Reply<?> reply);
}
