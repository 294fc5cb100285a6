package dev.jpm.protocol.wire;

/**
 * How long each fuzz target runs when Maven fuzzes it (JAZZER_FUZZ=1, the {@code fuzz} execution
 * of the protocol module). Four targets at 30 s make {@code mvn verify} about two and a half minutes longer;
 * a longer search runs the same execution again, resuming from the corpus in .cifuzz-corpus/.
 */
public final class FuzzRuns {
    public static final String SHORT = "30s";

    private FuzzRuns() {
    }
}
