package dev.jpm.protocol.view;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.List;

/**
 * Everything {@code describe} shows of one instance: its list row, its app's spec, its log files,
 * its recent exits, and what is wrong with its logs: the problems now (an unsafe file, a failing
 * rotation) and the bytes rotation had to drop because the disk had no room even for their archive;
 * for an app that balances {@code http}, {@code appRequests} are every request of its public port,
 * jpm's own answers (400, 408, 431, 502, 503) included, else null; {@code nextCronRestartMillis} is
 * when the app's {@code cron_restart} fires next, by the daemon's clock and zone, else null;
 * {@code dumps} are the files in its app's dumps folder, newest first.
 */
public record InstanceDescription(InstanceView instance, AppSpec spec, String outLog, String errLog, List<ExitView> exits,
                                  List<String> logProblems, long logBytesDropped, RequestsView appRequests,
                                  Long nextCronRestartMillis, List<DumpView> dumps) {

    public InstanceDescription {
        dumps = dumps == null ? List.of() : List.copyOf(dumps);
    }

    /** Before the dumps folder has been looked at. */
    public InstanceDescription(InstanceView instance, AppSpec spec, String outLog, String errLog, List<ExitView> exits,
                               List<String> logProblems, long logBytesDropped, RequestsView appRequests, Long nextCronRestartMillis) {
        this(instance, spec, outLog, errLog, exits, logProblems, logBytesDropped, appRequests, nextCronRestartMillis, List.of());
    }

    /** Before the log keeper has added what it knows of the log files. */
    public InstanceDescription(InstanceView instance, AppSpec spec, String outLog, String errLog, List<ExitView> exits,
                               RequestsView appRequests, Long nextCronRestartMillis) {
        this(instance, spec, outLog, errLog, exits, List.of(), 0, appRequests, nextCronRestartMillis);
    }

    public InstanceDescription withLogHealth(List<String> problems, long bytesDropped) {
        return new InstanceDescription(instance, spec, outLog, errLog, exits, problems, bytesDropped, appRequests,
                nextCronRestartMillis, dumps);
    }

    public InstanceDescription withDumps(List<DumpView> appDumps) {
        return new InstanceDescription(instance, spec, outLog, errLog, exits, logProblems, logBytesDropped, appRequests,
                nextCronRestartMillis, appDumps);
    }

    /**
     * One past exit: when, how (exit code, null when unknown) and after how long up; {@code failure}
     * says why the launch itself failed (no process ran), else null; {@code endedBy} why jpm ended
     * the run on its own (a failed liveness check, cron_restart), else null; {@code cause} why the
     * run ended when what it left says so (an OutOfMemoryError, a crash report, the OOM killer), else null.
     */
    public record ExitView(long atMillis, Integer exitCode, long uptimeMs, String failure, String endedBy, String cause) {
    }
}
