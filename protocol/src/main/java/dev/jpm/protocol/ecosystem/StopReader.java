package dev.jpm.protocol.ecosystem;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** {@code stop_signal} and {@code stop_exit_codes} of one app as {@link StopSettings}. */
final class StopReader {
    private static final List<String> SIGNALS = StopSettings.SIGNALS;
    /** Signals that look like a stop but are not one for a JVM, with the reason. */
    private static final Map<String, String> REFUSED = Map.of(
            "SIGQUIT", "a JVM answers SIGQUIT with a thread dump and goes on running, so every stop would wait kill_timeout and end in SIGKILL",
            "SIGKILL", "it cannot be caught, so the app never shuts down cleanly; jpm sends it anyway after kill_timeout",
            "SIGSTOP", "it pauses the process instead of ending it");
    /** Exit statuses are 0-255; 128+N is how a death by signal N reads, and may be listed too. */
    private static final int MAX_EXIT_CODE = 255;

    private final Map<EcosystemKey, NodeTuple> set;
    private final ValueReader values;

    StopReader(Map<EcosystemKey, NodeTuple> set, ValueReader values) {
        this.set = set;
        this.values = values;
    }

    StopSettings read() throws EcosystemException {
        Node signal = AppReader.value(set, EcosystemKey.STOP_SIGNAL);
        Node exitCodes = AppReader.value(set, EcosystemKey.STOP_EXIT_CODES);
        if (signal == null && exitCodes == null) {
            return StopSettings.DEFAULTS;
        }
        return new StopSettings(
                signal == null ? StopSettings.DEFAULT_SIGNAL : signal(signal),
                exitCodes == null ? List.of() : List.copyOf(new java.util.TreeSet<>(
                        values.integerList("stop_exit_codes", exitCodes, 0, MAX_EXIT_CODE))));
    }

    /** "SIGINT", "sigint" and "INT" all mean SIGINT. */
    private String signal(Node node) throws EcosystemException {
        String text = values.string("stop_signal", node).strip().toUpperCase(Locale.ROOT);
        String name = text.startsWith("SIG") ? text : "SIG" + text;
        String refused = REFUSED.get(name);
        if (refused != null) {
            throw values.error(node, "stop_signal", "cannot be " + name + ": " + refused);
        }
        if (!SIGNALS.contains(name)) {
            throw values.error(node, "stop_signal", "must be " + String.join(", ", SIGNALS) + ", found '" + text + "'"
                    + Suggestions.didYouMean(name, SIGNALS));
        }
        return name;
    }
}
