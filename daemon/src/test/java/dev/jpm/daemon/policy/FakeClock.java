package dev.jpm.daemon.policy;

/** A clock that moves only when a test says so. */
final class FakeClock implements Clock {

    private long now;

    FakeClock(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    void advance(long millis) {
        now += millis;
    }
}
