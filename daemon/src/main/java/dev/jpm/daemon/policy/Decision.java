package dev.jpm.daemon.policy;

/** What {@link RestartPolicy} says to do with an instance that has just exited. */
public sealed interface Decision {

    /** Start the instance again at once. */
    record RestartNow() implements Decision {
    }

    /** Start the instance again after {@code delayMs} milliseconds. */
    record RestartAfter(long delayMs) implements Decision {
        public RestartAfter {
            if (delayMs <= 0) {
                throw new IllegalArgumentException("delay must be positive, use RestartNow: " + delayMs);
            }
        }
    }

    /** Stop trying: the instance becomes {@code errored}; {@code reason} is shown to the user. */
    record GiveUp(String reason) implements Decision {
    }

    /**
     * Leave the instance down: it becomes {@code stopped}; {@code reason} says why (stopped by the
     * user, autorestart off, an exit code listed in stop_exit_codes).
     */
    record Stay(String reason) implements Decision {
    }
}
