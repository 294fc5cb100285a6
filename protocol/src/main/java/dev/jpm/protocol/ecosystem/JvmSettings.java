package dev.jpm.protocol.ecosystem;

/**
 * What jpm adds to an instance's JVM on its own account (the user's {@code jvm_args} always win),
 * and how many dumps of an app it keeps.
 *
 * @param heapDumpOnOom a heap dump into {@code $JPM_HOME/dumps/} when the JVM runs out of heap
 * @param dumpRetain    heap dumps, thread dumps and recordings kept per app and kind; older ones are deleted
 * @param cds           {@code auto}: a class-data archive made on the app's first run and used after it
 * @param gcLog         rotated GC logs per instance beside the app's logs
 */
public record JvmSettings(boolean heapDumpOnOom, int dumpRetain, Cds cds, boolean gcLog) {
    public static final int DEFAULT_DUMP_RETAIN = 3;
    public static final JvmSettings DEFAULTS = new JvmSettings(false, DEFAULT_DUMP_RETAIN, Cds.OFF, false);

    public JvmSettings {
        dumpRetain = dumpRetain <= 0 ? DEFAULT_DUMP_RETAIN : dumpRetain;
        cds = cds == null ? Cds.OFF : cds;
    }

    /** Class-data sharing for the app's own classes. */
    public enum Cds {
        OFF,
        AUTO
    }
}
