package dev.jpm.cli.monit;

import dev.jpm.protocol.wire.ExitCode;
import java.io.IOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Opens the system terminal for the monitor (the costly part, a few hundred ms) and always closes it. */
public final class MonitTerminal {
    private MonitTerminal() {
    }

    public static int run(MonitSource source) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                terminal.writer().println("jpm: monit needs a terminal that can draw; use 'jpm list' (or 'jpm list --json')");
                terminal.flush();
                // as for a missing terminal (MonitCommand): the user asked for something this place cannot do
                return ExitCode.BAD_INPUT.number();
            }
            new MonitLoop(terminal, source).run();
            return ExitCode.OK.number();
        }
    }
}
