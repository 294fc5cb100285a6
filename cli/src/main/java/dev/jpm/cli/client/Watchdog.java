package dev.jpm.cli.client;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Timer;
import java.util.TimerTask;

/**
 * Closes a daemon connection whose answer is overdue. The CLI reads the daemon with plain blocking
 * calls, and a blocking read on a SocketChannel has no SO_TIMEOUT (a Unix-domain channel has no
 * socket adaptor to set one on). Closing the channel from another thread makes a blocked connect
 * or read throw at once, so one timer thread gives every wait a deadline without rewriting the
 * reader around a selector. The timer is a single daemon thread, started when the first
 * connection is made: about a tenth of a millisecond, nothing next to {@code jpm list}'s start-up.
 * A connect needs the deadline too: a frozen daemon's socket still accepts connections into its
 * backlog (50), and the next one blocks.
 */
final class Watchdog {
    /** Shared by every connection of this CLI process; its thread dies with the process. */
    private static final class Holder {
        static final Timer TIMER = new Timer("jpm-deadline", true);
    }

    private final SocketChannel channel;
    /** The armed deadline; guarded by this object's lock (the CLI's thread arms, the timer's thread fires). */
    private TimerTask pending;
    private volatile boolean fired;

    Watchdog(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Closes the channel in {@code millis} unless disarmed or armed again first; 0 disarms. A new
     * deadline forgets an earlier one that passed, so a later failure is not reported as a timeout.
     */
    synchronized void arm(long millis) {
        disarm();
        fired = false;
        if (millis <= 0) {
            return;
        }
        pending = new TimerTask() {
            @Override
            public void run() {
                fire(this);
            }
        };
        Holder.TIMER.schedule(pending, millis);
    }

    synchronized void disarm() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    /** Whether the deadline passed: then a failed read means "no answer in time", not a broken daemon. */
    boolean fired() {
        return fired;
    }

    /** A task that was replaced or disarmed while it waited for the lock does nothing. */
    private synchronized void fire(TimerTask task) {
        if (pending != task) {
            return;
        }
        fired = true;
        pending = null;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is the whole point; a failure leaves nothing else to do
        }
    }
}
