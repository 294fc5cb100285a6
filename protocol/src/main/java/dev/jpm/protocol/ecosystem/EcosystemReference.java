package dev.jpm.protocol.ecosystem;

/** The README's reference of ecosystem keys, generated from {@link EcosystemKey} so the two never drift apart. */
public final class EcosystemReference {
    private EcosystemReference() {
    }

    /** A Markdown table: key, type, default, meaning; one row per key in declaration order. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append("| key | type | default | meaning |\n");
        out.append("|---|---|---|---|\n");
        for (EcosystemKey key : EcosystemKey.values()) {
            out.append("| `").append(key.yamlName()).append("` | ")
                    .append(cell(key.kind().description())).append(" | ")
                    .append(cell(key.defaultText())).append(" | ")
                    .append(cell(key.meaning())).append(" |\n");
        }
        return out.toString();
    }

    /** Table cells cannot hold a bare '|' or a line break. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
