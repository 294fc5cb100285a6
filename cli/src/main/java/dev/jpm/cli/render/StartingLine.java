package dev.jpm.cli.render;

import dev.jpm.protocol.wire.Events;
import java.util.Locale;

/**
 * The progress line of a replacement that is still starting while the old process serves:
 * "api#1 (id 4) starting: 12 s, 4,213 classes loaded, 3.1 s CPU". Seeing the counts climb is how a
 * user tells a slow framework from a stuck one.
 */
public final class StartingLine {
    private StartingLine() {
    }

    public static String of(Events.Starting s) {
        StringBuilder line = new StringBuilder(s.instance()).append(" starting: ").append(s.elapsedMs() / 1000).append(" s");
        if (s.classes() >= 0) {
            line.append(String.format(Locale.ROOT, ", %,d classes loaded", s.classes()));
        }
        line.append(String.format(Locale.ROOT, ", %.1f s CPU", s.cpuMs() / 1000.0));
        return line.toString();
    }
}
