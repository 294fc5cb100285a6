package dev.jpm.cli.render;

import dev.jpm.protocol.view.InstanceStatus;
import java.util.Map;

/**
 * ANSI colours, only when a person is watching: on a terminal, with {@code NO_COLOR} unset and
 * {@code TERM} not {@code dumb}. Pipes and files get plain text.
 */
public final class Style {
    private final boolean enabled;

    public Style(boolean enabled) {
        this.enabled = enabled;
    }

    public static Style detect() {
        return new Style(wantsColour(System.getenv(), System.console() != null));
    }

    static boolean wantsColour(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    public boolean enabled() {
        return enabled;
    }

    public String green(String s) {
        return paint("32", s);
    }

    public String red(String s) {
        return paint("31", s);
    }

    public String yellow(String s) {
        return paint("33", s);
    }

    public String grey(String s) {
        return paint("90", s);
    }

    public String bold(String s) {
        return paint("1", s);
    }

    public String cyan(String s) {
        return paint("36", s);
    }

    public String magenta(String s) {
        return paint("35", s);
    }

    public String blue(String s) {
        return paint("34", s);
    }

    /** Swapped foreground and background: marks a match inside already coloured text. */
    public String inverse(String s) {
        return paint("7", s);
    }

    /** Colours an instance status the way it reads at a glance. */
    public String status(InstanceStatus status) {
        String name = status.wireName();
        return switch (status) {
            case ONLINE -> green(name);
            case ERRORED -> red(name);
            case LAUNCHING, STOPPING -> yellow(name);
            case STOPPED -> grey(name);
        };
    }

    private String paint(String code, String s) {
        return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    /** The width a string takes on screen, escapes aside. */
    public static int visibleLength(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }
}
