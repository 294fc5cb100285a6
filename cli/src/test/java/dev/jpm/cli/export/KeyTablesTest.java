package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.EcosystemKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The promise that no key is dropped in silence, kept by a test: every key of {@link EcosystemKey},
 * including one added after this was written, must be declared by every target, either mapped (to
 * where) or with no equivalent (and why), and must have a reader of its value for the warnings.
 */
class KeyTablesTest {
    /**
     * Keys the tables already declare, by the names issues 10 and 14 give them, before their
     * {@code EcosystemKey} constants exist; once a key is in the enum it no longer needs to be here.
     */
    private static final Set<String> ANNOUNCED = Set.of("stop_signal", "stop_exit_codes", "health_url", "health_interval",
            "health_timeout", "health_failures", "cron_restart", "out_file", "err_file", "log_date_format");

    @ParameterizedTest
    @EnumSource(ExportTarget.class)
    void everyKeyIsMappedOrDeclaredWithNoEquivalent(ExportTarget target) {
        KeyTable table = target.exporter().keys();
        List<String> missing = new ArrayList<>();
        for (EcosystemKey key : EcosystemKey.values()) {
            if (table.entry(key.yamlName()).isEmpty()) {
                missing.add(key.yamlName());
            }
        }
        assertEquals(List.of(), missing, target.typed() + ": declare these keys in the target's table (KubernetesKeys,"
                + " ComposeKeys, SystemdKeys) with mapped(key, where) or none(key, why), so the export says what becomes of them");
    }

    @ParameterizedTest
    @EnumSource(ExportTarget.class)
    void everyDeclaredKeyIsAKeyOrAnnounced(ExportTarget target) {
        List<String> names = Arrays.stream(EcosystemKey.values()).map(EcosystemKey::yamlName).toList();
        for (String declared : target.exporter().keys().entries().keySet()) {
            assertTrue(names.contains(declared) || ANNOUNCED.contains(declared),
                    target.typed() + " declares '" + declared + "', which is no ecosystem key");
        }
    }

    @Test
    void everyKeyHasAValueReader() {
        KeyValues values = new KeyValues(Path.of("/"), "java");
        List<String> missing = Arrays.stream(EcosystemKey.values()).map(EcosystemKey::yamlName)
                .filter(name -> !values.knows(name)).toList();
        assertEquals(List.of(), missing, "add a reader of these keys to KeyValues, so a lost value can be shown");
    }

    @Test
    void aKeyNoTableDeclaresIsReportedAsNotCarriedOver() {
        KeyTable empty = new KeyTable("nowhere");
        List<String> lines = new NotCarried(empty, List.of(), new KeyValues(Path.of("/"), "java")).commentLines();
        assertEquals(EcosystemKey.values().length + 1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).endsWith(NotCarried.UNMAPPED), lines.get(1));
    }
}
