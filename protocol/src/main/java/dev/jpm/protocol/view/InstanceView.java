package dev.jpm.protocol.view;

/**
 * One instance as {@code list} shows it; {@code list --json} prints these fields as they are.
 *
 * @param id          jpm's id of the instance, unique across apps and stable over restarts
 * @param instance    index of the instance within its app (0..n-1); also its JPM_INSTANCE_ID
 * @param cpu         percent of one core over the last second, as top shows it
 * @param memory      resident set size in bytes, the instance and its children
 * @param port        the instance's internal port in cluster mode, else null
 * @param publicPort  the app's public port in cluster mode, else null
 * @param connections connections the balancer has open to this instance now (cluster mode)
 * @param served      connections the balancer has sent to this instance in all (cluster mode)
 * @param heapUsed    JVM heap in use, bytes, when the JVM publishes it (HotSpot perf data), else null
 * @param heapCommitted JVM heap the JVM has committed (reserved from the OS), bytes, else null
 * @param heapMax     JVM heap limit (committed capacity ceiling), bytes, else null
 * @param gcCount     collections since the JVM started, else null
 * @param gcTimeMs    time spent in collections since the JVM started, else null
 * @param threads     live Java threads, else null
 * @param balancer    the app's public port in cluster mode: listening, full (at max_connections),
 *                    degraded (an I/O thread of the balancer is down) or down (nothing accepts); else null
 * @param requests    the HTTP requests this launch of the instance answered, when its app balances
 *                    {@code http}; else null (an older daemon sends none, an older CLI ignores it)
 */
public record InstanceView(
        int id,
        String name,
        int instance,
        Long pid,
        InstanceStatus status,
        int restarts,
        long uptimeMs,
        Double cpu,
        Long memory,
        Integer port,
        Integer publicPort,
        Long connections,
        Long served,
        Long heapUsed,
        Long heapCommitted,
        Long heapMax,
        Long gcCount,
        Long gcTimeMs,
        Long threads,
        String balancer,
        RequestsView requests) {

    /** Before the balancer's request figures are added, and for every app that is not http. */
    public InstanceView(int id, String name, int instance, Long pid, InstanceStatus status, int restarts, long uptimeMs, Double cpu,
                        Long memory, Integer port, Integer publicPort, Long connections, Long served, Long heapUsed,
                        Long heapCommitted, Long heapMax, Long gcCount, Long gcTimeMs, Long threads, String balancer) {
        this(id, name, instance, pid, status, restarts, uptimeMs, cpu, memory, port, publicPort, connections, served,
                heapUsed, heapCommitted, heapMax, gcCount, gcTimeMs, threads, balancer, null);
    }

    public InstanceView withRequests(RequestsView requests) {
        return new InstanceView(id, name, instance, pid, status, restarts, uptimeMs, cpu, memory, port, publicPort,
                connections, served, heapUsed, heapCommitted, heapMax, gcCount, gcTimeMs, threads, balancer, requests);
    }
}
