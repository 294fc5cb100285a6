package dev.jpm.protocol.view;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.List;

/** Everything {@code describe} shows of one instance: its list row, its app's spec, its log files and its recent exits. */
public record InstanceDescription(InstanceView instance, AppSpec spec, String outLog, String errLog, List<ExitView> exits) {

    /**
     * One past exit: when, how (exit code, null when unknown) and after how long up; {@code failure}
     * says why the launch itself failed (no process ran), else null.
     */
    public record ExitView(long atMillis, Integer exitCode, long uptimeMs, String failure) {
    }
}
