package dev.jpm.cli.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where one target puts each ecosystem key, or why it cannot: the promise that no key is dropped
 * silently. Keyed by the key's YAML name so that entries for keys announced by issues 10 and 14
 * ({@code stop_signal}, {@code health_interval}, ...) can be written before their
 * {@code EcosystemKey} constants exist; {@code KeyTablesTest} fails for any key of
 * {@code EcosystemKey} a table does not name.
 */
public final class KeyTable {
    /** Carried over to {@code where}, or, when {@code carried} is false, dropped because of {@code why}. */
    public record Entry(boolean carried, String text) {
    }

    private final String target;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public KeyTable(String target) {
        this.target = target;
    }

    /** The key's value is carried over to {@code where} (a field, option or flag of the target). */
    public KeyTable mapped(String key, String where) {
        return put(key, new Entry(true, where));
    }

    /** The target has nothing that means what the key means; {@code why} says so and what to do instead. */
    public KeyTable none(String key, String why) {
        return put(key, new Entry(false, why));
    }

    private KeyTable put(String key, Entry entry) {
        if (entries.putIfAbsent(key, entry) != null) {
            throw new IllegalStateException(target + ": '" + key + "' declared twice");
        }
        return this;
    }

    public String target() {
        return target;
    }

    public Optional<Entry> entry(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }
}
