package dev.jpm.cli.monit;

import java.util.List;

/** A row of eighth-blocks for a short history: ▁ for nothing, █ for the scale's top, blank for no sample. */
public final class Sparkline {
    static final String BLOCKS = "▁▂▃▄▅▆▇█";

    private Sparkline() {
    }

    /** One block per value, scaled to {@code top}; values above it show full, nulls blank. */
    public static String of(List<Double> values, double top) {
        StringBuilder out = new StringBuilder(values.size());
        for (Double v : values) {
            if (v == null || v.isNaN()) {
                out.append(' ');
            } else if (top <= 0 || v <= 0) {
                out.append(BLOCKS.charAt(0));
            } else {
                int level = (int) Math.round(Math.min(1.0, v / top) * (BLOCKS.length() - 1));
                out.append(BLOCKS.charAt(level));
            }
        }
        return out.toString();
    }
}
