package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.wire.ErrorCode;

/** {@code jpm scale}'s count: an absolute N, or +N / -N relative to the instances running now. */
final class ScaleCount {
    private ScaleCount() {
    }

    static int parse(String count, int current) {
        String text = count == null ? "" : count.trim();
        int wanted;
        try {
            if (text.startsWith("+") || text.startsWith("-")) {
                wanted = current + Integer.parseInt(text);
            } else {
                wanted = Integer.parseInt(text);
            }
        } catch (NumberFormatException e) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "scale takes N, +N or -N, not '" + count + "'");
        }
        if (wanted < 1) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "an app keeps at least 1 instance (asked for " + wanted
                    + "); 'jpm stop' or 'jpm delete' it instead");
        }
        return wanted;
    }
}
