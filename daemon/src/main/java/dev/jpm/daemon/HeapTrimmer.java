package dev.jpm.daemon;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Gives memory back after a burst. The daemon runs the serial collector (small, no background
 * threads), which returns heap to the OS only in a full collection, and a quiet daemon runs none:
 * after 20,000 idle connections came and went its RSS stayed 48 % above its start, although the
 * live heap was back to 3 MB (bench/RESULTS.md). So once the committed heap has grown well past
 * its start and the burst is over, the daemon asks for one full collection itself. With
 * {@code -XX:-ShrinkHeapInSteps} (DaemonLauncher) that one collection shrinks the heap at once.
 *
 * <p>Cost: a full collection of a few megabytes of live heap takes a few milliseconds, at most
 * once per {@link #MIN_INTERVAL_MILLIS}, and only after the heap grew; an idle daemon whose heap
 * never grows never pays it. A heap that is large because it is full of live data (tens of
 * thousands of connections held) gains nothing from collecting, so each collection that leaves
 * the heap large doubles the wait before the next, up to {@link #MAX_INTERVAL_MILLIS}. One thread
 * of its own, owning {@link #lastTrimMillis} and {@link #intervalMillis}.
 */
public final class HeapTrimmer implements AutoCloseable {
    /** How often the heap is looked at. */
    static final long CHECK_MILLIS = 5_000;
    /** At most one collection every 30 s, so a long flood is not made slower by the cure. */
    static final long MIN_INTERVAL_MILLIS = 30_000;
    /** The longest wait between collections while they free too little. */
    static final long MAX_INTERVAL_MILLIS = 600_000;
    /** Growth of the committed heap, over what it was at start, worth a collection. */
    static final long GROWTH_BYTES = 16L * 1024 * 1024;

    private final LongSupplier committedBytes;
    private final LongSupplier clockMillis;
    private final Runnable collect;
    private final long baselineBytes;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-trimmer");
        t.setDaemon(true);
        return t;
    });
    private long lastTrimMillis = Long.MIN_VALUE / 2;
    private long intervalMillis = MIN_INTERVAL_MILLIS;

    HeapTrimmer(LongSupplier committedBytes, LongSupplier clockMillis, Runnable collect) {
        this.committedBytes = committedBytes;
        this.clockMillis = clockMillis;
        this.collect = collect;
        this.baselineBytes = committedBytes.getAsLong();
    }

    /**
     * The committed heap plus the direct buffers not yet freed: the balancer's pools drop their
     * buffers after a burst ({@code BufferPool.trim}), and a dropped direct buffer's memory is
     * freed only when a collection finds it, which in a quiet daemon is this one.
     */
    public static HeapTrimmer forThisJvm() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElse(null);
        LongSupplier directBytes = direct == null ? () -> 0 : direct::getMemoryUsed;
        return new HeapTrimmer(() -> memory.getHeapMemoryUsage().getCommitted() + directBytes.getAsLong(),
                System::currentTimeMillis, System::gc);
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One look: collects when the heap grew past the threshold and the last collection is old enough. */
    void check() {
        try {
            long committed = committedBytes.getAsLong();
            long now = clockMillis.getAsLong();
            if (committed - baselineBytes < GROWTH_BYTES || now - lastTrimMillis < intervalMillis) {
                return;
            }
            lastTrimMillis = now;
            collect.run();
            long after = committedBytes.getAsLong();
            boolean freedEnough = after - baselineBytes < GROWTH_BYTES;
            intervalMillis = freedEnough ? MIN_INTERVAL_MILLIS : Math.min(MAX_INTERVAL_MILLIS, intervalMillis * 2);
            Log.info("heap and direct buffers grew to " + committed / (1024 * 1024) + " MB; collected to give memory back, now "
                    + after / (1024 * 1024) + " MB" + (freedEnough ? "" : "; it holds live data, next look in "
                    + intervalMillis / 1000 + " s"));
        } catch (RuntimeException e) {
            Log.warn("heap trim failed: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
