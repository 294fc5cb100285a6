package dev.jpm.protocol;

/** The jpm version, from the jar's manifest; "dev" when run from classes. */
public final class JpmVersion {
    private JpmVersion() {
    }

    public static String current() {
        String v = JpmVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
