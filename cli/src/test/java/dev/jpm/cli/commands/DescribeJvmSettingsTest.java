package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jpm.protocol.ecosystem.JvmSettings;
import org.junit.jupiter.api.Test;

/** describe's "jvm settings" line names the keys set away from their defaults, as the file writes them. */
class DescribeJvmSettingsTest {
    @Test
    void onlyWhatDiffersFromTheDefaults() {
        assertEquals("heap_dump_on_oom, dump_retain 5, cds auto, gc_log",
                DescribeCommand.jvmSettings(new JvmSettings(true, 5, JvmSettings.Cds.AUTO, true)));
        assertEquals("gc_log", DescribeCommand.jvmSettings(new JvmSettings(false, 3, JvmSettings.Cds.OFF, true)));
    }
}
