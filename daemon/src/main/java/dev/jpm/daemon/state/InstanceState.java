package dev.jpm.daemon.state;

import dev.jpm.protocol.view.InstanceStatus;

/**
 * What a new daemon needs to re-adopt or restart an instance: the pid and the OS start time that
 * together identify the process (a reused pid has another start time), and what the user saw.
 */
public record InstanceState(
        int id,
        int index,
        Long pid,
        long processStartMillis,
        long onlineSinceMillis,
        int restarts,
        InstanceStatus status,
        Integer internalPort) {
}
