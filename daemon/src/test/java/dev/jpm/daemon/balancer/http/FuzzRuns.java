package dev.jpm.daemon.balancer.http;

/**
 * How long each fuzz target runs when Maven fuzzes it (JAZZER_FUZZ=1, the {@code fuzz} profile of
 * the daemon module), as in the protocol module: two targets at 30 s add a minute to
 * {@code mvn verify}; a longer search runs the same execution again, resuming from .cifuzz-corpus/.
 */
final class FuzzRuns {
    static final String SHORT = "30s";
    /** Per input while fuzzing (libFuzzer's -timeout), per seed when replaying; inputs take microseconds, so 10 s is only a hang. */
    static final int HANG_SECONDS = 10;

    private FuzzRuns() {
    }
}
