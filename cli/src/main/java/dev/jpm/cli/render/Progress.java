package dev.jpm.cli.render;

import java.io.PrintStream;

/**
 * A one-line status on stderr for work that waits (starting the daemon, waiting for instances to
 * come online). On a terminal it rewrites itself in place with a spinner; elsewhere it prints
 * each new message once, so logs of scripted runs still say what happened.
 */
public final class Progress {
    private static final String FRAMES = "|/-\\";
    private final PrintStream err;
    private final boolean terminal;
    private String last = "";
    private int frame;

    public Progress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    public static Progress detect(PrintStream err) {
        return new Progress(err, System.console() != null);
    }

    public void update(String message) {
        if (terminal) {
            err.print("\r\u001b[2K" + FRAMES.charAt(frame++ % FRAMES.length()) + " " + message);
            err.flush();
        } else if (!message.equals(last)) {
            err.println(message + "...");
        }
        last = message;
    }

    public void done() {
        if (terminal && !last.isEmpty()) {
            err.print("\r\u001b[2K");
            err.flush();
        }
        last = "";
    }
}
