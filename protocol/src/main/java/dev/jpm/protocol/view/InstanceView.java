package dev.jpm.protocol.view;

/**
 * One instance as {@code list} shows it; {@code list --json} prints these fields as they are.
 *
 * @param id          jpm's id of the instance, unique across apps and stable over restarts
 * @param instance    index of the instance within its app (0..n-1); also its JPM_INSTANCE_ID
 * @param cpu         percent of one core over the last second, as top shows it
 * @param memory      resident set size in bytes, the instance and its children
 * @param port        the instance's internal port in cluster mode, else null
 */
public record InstanceView(
        int id,
        String name,
        int instance,
        Long pid,
        String status,
        int restarts,
        long uptimeMs,
        Double cpu,
        Long memory,
        Integer port,
        Integer publicPort,
        Long connections,
        Long served) {
}
