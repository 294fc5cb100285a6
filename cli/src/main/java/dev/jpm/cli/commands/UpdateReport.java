package dev.jpm.cli.commands;

import dev.jpm.cli.render.Style;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Results;
import java.io.PrintWriter;

/**
 * What {@code start}/{@code reload} of an ecosystem file did, per app ("api  rolled  env"), then the
 * table; with {@code --json} the daemon's answer as it is: {@code changes} and {@code instances}.
 * A first start, where every app was started, keeps the short line it always had.
 */
final class UpdateReport {
    private UpdateReport() {
    }

    static void print(PrintWriter out, Results.Updated updated, boolean json, Style style) {
        if (json) {
            out.println(Json.write(RecordCodec.toJson(updated, true)));
            out.flush();
            return;
        }
        boolean allStarted = updated.changes().stream().allMatch(c -> c.action().equals(Results.AppChange.STARTED));
        if (allStarted) {
            long instances = updated.instances().stream()
                    .filter(v -> updated.changes().stream().anyMatch(c -> c.app().equals(v.name()))).count();
            out.println(style.green("✓ ") + "started " + String.join(", ", updated.changes().stream().map(Results.AppChange::app).toList())
                    + " (" + instances + " instance" + (instances == 1 ? "" : "s") + ")");
        } else {
            int width = updated.changes().stream().mapToInt(c -> c.app().length()).max().orElse(0);
            for (Results.AppChange c : updated.changes()) {
                out.println(style.green("✓ ") + String.format("%-" + width + "s  %-9s  %s", c.app(), c.action(), c.detail()).stripTrailing());
            }
        }
        long errored = updated.instances().stream().filter(v -> v.status() == InstanceStatus.ERRORED).count();
        if (errored > 0) {
            out.println(style.red("! ") + errored + " errored: see 'jpm describe <id>' and the err log");
        }
        InstanceOutput.print(out, updated.instances(), false, style);
    }
}
