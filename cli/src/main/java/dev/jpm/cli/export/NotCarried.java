package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.EcosystemKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a target cannot carry over, for the comment at the top of the output (all of them, with
 * the reason and the apps that set one) and for stderr (one line per key an app actually sets, and a
 * summary). A key of {@link EcosystemKey} the target's table does not name is reported the same way,
 * so a key added later is never dropped in silence, even before its mapping is written.
 */
final class NotCarried {
    static final String UNMAPPED = "jpm export does not map this key yet";

    private final KeyTable table;
    private final List<AppSpec> apps;
    private final KeyValues values;

    NotCarried(KeyTable table, List<AppSpec> apps, KeyValues values) {
        this.table = table;
        this.apps = apps;
        this.values = values;
    }

    /** Comment lines (without the '#'): one per key with no equivalent, with who sets it to what. */
    List<String> commentLines() {
        List<String> lines = new ArrayList<>();
        for (EcosystemKey key : EcosystemKey.values()) {
            String why = whyNot(key);
            if (why != null) {
                lines.add("  " + key.yamlName() + ": " + why + setBy(key));
            }
        }
        if (!lines.isEmpty()) {
            lines.add(0, "Not carried over (" + table.target() + " has no equivalent):");
        }
        return lines;
    }

    /** Lines for stderr: each key an app sets that is lost, then the names of all such keys. */
    List<String> warnings() {
        List<String> lines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (EcosystemKey key : EcosystemKey.values()) {
            String why = whyNot(key);
            if (why == null) {
                continue;
            }
            names.add(key.yamlName());
            for (AppSpec app : apps) {
                String value = values.valueOf(key.yamlName(), app);
                if (value != null) {
                    lines.add(app.name() + ": '" + key.yamlName() + ": " + value + "' is not carried over to "
                            + table.target() + ": " + why);
                }
            }
        }
        if (!names.isEmpty()) {
            lines.add(table.target() + " has no equivalent for " + String.join(", ", names)
                    + " (listed with the reasons at the top of the output)");
        }
        return lines;
    }

    /** Null when the target carries the key over, else the reason it cannot. */
    private String whyNot(EcosystemKey key) {
        KeyTable.Entry entry = table.entry(key.yamlName()).orElse(null);
        if (entry == null) {
            return UNMAPPED;
        }
        return entry.carried() ? null : entry.text();
    }

    private String setBy(EcosystemKey key) {
        List<String> setters = new ArrayList<>();
        for (AppSpec app : apps) {
            String value = values.valueOf(key.yamlName(), app);
            if (value != null) {
                setters.add(app.name() + ": " + value);
            }
        }
        return setters.isEmpty() ? "" : " [set by " + String.join("; ", setters) + "]";
    }
}
