package dev.jpm.cli.commands;

import dev.jpm.cli.render.InstanceTable;
import dev.jpm.cli.render.Style;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import java.io.PrintWriter;
import java.util.List;

/** Prints instance rows as the table or, with {@code --json}, as an array with every field present. */
final class InstanceOutput {
    private InstanceOutput() {
    }

    static void print(PrintWriter out, List<InstanceView> rows, boolean json, Style style) {
        if (json) {
            out.println(Json.write(RecordCodec.toJson(rows, true)));
        } else {
            out.print(InstanceTable.render(rows, InstanceTable.terminalWidth(), style));
        }
        out.flush();
    }
}
