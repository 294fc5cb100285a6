package dev.jpm.cli.commands;

import dev.jpm.cli.render.Style;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.PrintWriter;

/**
 * The JVM commands answer per instance, so that one instance that cannot be reached costs only its
 * own dump; this prints such a failure and remembers the exit status of the first one.
 */
final class InstanceFailures {
    private final PrintWriter err;
    private final Style style;
    private int exit;

    InstanceFailures(PrintWriter err, Style style) {
        this.err = err;
        this.style = style;
    }

    /** True when the instance failed (and it has been said). */
    boolean failed(String app, int instance, int id, String error, String code) {
        if (error == null) {
            return false;
        }
        err.println(style.red("jpm: ") + app + "#" + instance + " (id " + id + "): " + error);
        err.flush();
        if (exit == 0) {
            exit = ErrorCode.fromWireName(code).exit().number();
        }
        return true;
    }

    int exit() {
        return exit;
    }
}
