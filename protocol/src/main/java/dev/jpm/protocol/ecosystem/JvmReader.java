package dev.jpm.protocol.ecosystem;

import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** The JVM keys of one app as {@link JvmSettings}; an absent key keeps its default. */
final class JvmReader {
    /** A retention past this keeps more dumps than any disk holds: a heap dump is the size of the heap. */
    private static final int MAX_DUMP_RETAIN = 1000;

    private final Map<EcosystemKey, NodeTuple> set;
    private final ValueReader values;

    JvmReader(Map<EcosystemKey, NodeTuple> set, ValueReader values) {
        this.set = set;
        this.values = values;
    }

    JvmSettings read() throws EcosystemException {
        JvmSettings d = JvmSettings.DEFAULTS;
        Node heapDump = AppReader.value(set, EcosystemKey.HEAP_DUMP_ON_OOM);
        Node retain = AppReader.value(set, EcosystemKey.DUMP_RETAIN);
        Node cds = AppReader.value(set, EcosystemKey.CDS);
        Node gcLog = AppReader.value(set, EcosystemKey.GC_LOG);
        if (heapDump == null && retain == null && cds == null && gcLog == null) {
            return d;
        }
        return new JvmSettings(
                heapDump == null ? d.heapDumpOnOom() : values.bool("heap_dump_on_oom", heapDump),
                retain == null ? d.dumpRetain() : values.integer("dump_retain", retain, 1, MAX_DUMP_RETAIN),
                cds == null ? d.cds() : cds(cds),
                gcLog == null ? d.gcLog() : values.bool("gc_log", gcLog));
    }

    private JvmSettings.Cds cds(Node node) throws EcosystemException {
        String text = values.string("cds", node);
        for (JvmSettings.Cds mode : JvmSettings.Cds.values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                return mode;
            }
        }
        throw values.error(node, "cds", "must be off or auto, found '" + text + "'"
                + Suggestions.didYouMean(text, java.util.List.of("off", "auto")));
    }
}
