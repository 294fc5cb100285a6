package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** heap_dump_on_oom, dump_retain, cds and gc_log: read into JvmSettings, or refused with their line and column. */
class JvmKeysTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void jar() throws IOException {
        file = dir.resolve("ecosystem.yaml");
        Files.writeString(dir.resolve("app.jar"), "");
    }

    private JvmSettings read(String keys) throws EcosystemException {
        return EcosystemReader.parse("apps:\n  - name: api\n    jar: app.jar\n" + keys, file, null, "/bin/java").apps().get(0).jvm();
    }

    private EcosystemException fail(String keys) {
        return assertThrows(EcosystemException.class, () -> read(keys));
    }

    @Test
    void absentKeysAreTheDefaults() throws Exception {
        assertEquals(JvmSettings.DEFAULTS, read(""));
        assertEquals(new JvmSettings(false, 3, JvmSettings.Cds.OFF, false), read(""));
    }

    @Test
    void everyKeyIsRead() throws Exception {
        assertEquals(new JvmSettings(true, 7, JvmSettings.Cds.AUTO, true), read("""
                    heap_dump_on_oom: true
                    dump_retain: 7
                    cds: auto
                    gc_log: true
                """));
        // "off" is a YAML 1.1 boolean; the reader takes the text as written
        assertEquals(new JvmSettings(true, 3, JvmSettings.Cds.OFF, false), read("    heap_dump_on_oom: true\n    cds: off\n"));
    }

    @Test
    void badValuesPointAtThemWithTheRule() {
        assertAt(fail("    cds: always\n"), 4, 10, "'cds' of app 'api' must be off or auto, found 'always'");
        assertAt(fail("    cds: aut\n"), 4, 10, "'cds' of app 'api' must be off or auto, found 'aut' (did you mean 'auto'?)");
        assertAt(fail("    dump_retain: 0\n"), 4, 18, "'dump_retain' of app 'api' must be from 1 to 1000, found 0");
        assertAt(fail("    gc_log: sometimes\n"), 4, 13,
                "wrong type for 'gc_log' in app 'api': expected true or false, found 'sometimes'");
        assertEquals(4, fail("    heap_dump_on_oom: [yes]\n").line());
    }

    private static void assertAt(EcosystemException e, int line, int column, String plainMessage) {
        assertEquals(plainMessage, e.plainMessage());
        assertEquals(line, e.line(), "line");
        assertEquals(column, e.column(), "column");
    }
}
