package dev.jpm.protocol.home;

/**
 * The environment every instance carries so that its home can find it without any record: a
 * daemon that died between launching a process and writing {@code state.json}, or a lost state
 * file, must never leave a process nobody manages (DESIGN.md decision 13). A process belongs to a
 * home when {@link #HOME_VARIABLE} equals that home's absolute path; {@link #ID_VARIABLE} and
 * {@link #APP_VARIABLE} say which instance it is.
 */
public final class ProcessMarker {
    /** The absolute, normalised path of the {@code JPM_HOME} whose daemon launched the process. */
    public static final String HOME_VARIABLE = "JPM_MANAGED_HOME";
    /** The instance id (the {@code id} column). */
    public static final String ID_VARIABLE = "JPM_ID";
    /** The app name. */
    public static final String APP_VARIABLE = "JPM_APP_NAME";
    /** The instance's index (0..n-1) in its app, as PM2's NODE_APP_INSTANCE. */
    public static final String INDEX_VARIABLE = "JPM_INSTANCE_ID";

    private ProcessMarker() {
    }
}
