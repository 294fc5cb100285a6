package dev.jpm.protocol.ecosystem;

import java.util.List;

/**
 * How an instance is asked to stop, and which of its exits mean "done" rather than "crashed".
 *
 * @param signal    the signal sent first (SIGKILL follows after {@code kill_timeout}); null means SIGTERM
 * @param exitCodes exit codes after which the instance is {@code stopped}, not restarted; PM2's
 *                  {@code stop_exit_codes}
 */
public record StopSettings(String signal, List<Integer> exitCodes) {
    public static final String DEFAULT_SIGNAL = "SIGTERM";
    public static final StopSettings DEFAULTS = new StopSettings(DEFAULT_SIGNAL, List.of());
    /**
     * The signals a JVM can be asked to stop by: each ends it through its shutdown hooks or reaches
     * a handler of its own ({@code sun.misc.Signal}); SIGQUIT, which only prints a thread dump, is not one.
     */
    public static final List<String> SIGNALS = List.of("SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGUSR2");

    public StopSettings {
        signal = signal == null || signal.isBlank() ? DEFAULT_SIGNAL : signal;
        exitCodes = exitCodes == null ? List.of() : List.copyOf(exitCodes);
    }
}
