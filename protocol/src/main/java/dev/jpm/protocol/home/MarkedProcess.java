package dev.jpm.protocol.home;

/**
 * A running process that carries this home's marker (ProcessMarker): the instance it was launched
 * as, and what identifies it. Children an instance started inherit the marker, so {@code parentPid}
 * tells them from the instance itself.
 *
 * @param index       the instance's index (JPM_INSTANCE_ID), or -1 when the environment lacks it
 * @param startMillis the OS start time, which with the pid identifies the process across daemons
 */
public record MarkedProcess(long pid, long parentPid, String app, int id, int index, long startMillis) {
}
