package dev.jpm.protocol.wire;

/**
 * How long each fuzz target runs when Maven fuzzes it (JAZZER_FUZZ=1, the {@code fuzz} execution
 * of the protocol module). Four targets at 30 s make {@code mvn verify} about two and a half minutes longer;
 * a longer search runs the same execution again, resuming from the corpus in .cifuzz-corpus/.
 */
public final class FuzzRuns {
    public static final String SHORT = "30s";
    /**
     * The {@code @Timeout} of each target. While fuzzing, Jazzer passes it to libFuzzer as the
     * per-input {@code -timeout}, which saves an input that takes longer as a finding (a hang);
     * JUnit's own check is off in those executions, as it would time the whole run. Replaying
     * seeds, JUnit applies it to each seed. Inputs here take microseconds; 10 s is only a hang.
     */
    public static final int HANG_SECONDS = 10;

    private FuzzRuns() {
    }
}
