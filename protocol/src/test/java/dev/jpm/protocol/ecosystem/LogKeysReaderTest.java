package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** out_file, err_file and log_date_format: what the reader makes of each, and every refusal with its place. */
class LogKeysReaderTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void jar() throws Exception {
        file = dir.resolve("ecosystem.yaml");
        Files.writeString(dir.resolve("app.jar"), "");
    }

    private LogSettings read(String keys) throws EcosystemException {
        return EcosystemReader.parse("apps:\n  - name: api\n    jar: app.jar\n" + keys, file, null, "/bin/java").apps().get(0).logs();
    }

    private EcosystemException refused(String keys, int line, int column) {
        EcosystemException e = assertThrows(EcosystemException.class, () -> read(keys));
        assertEquals(line, e.line(), () -> "line of: " + e.getMessage());
        assertEquals(column, e.column(), () -> "column of: " + e.getMessage());
        return e;
    }

    @Test
    void withoutTheKeysTheOutputGoesToJpmsOwnFiles() throws Exception {
        LogSettings logs = read("");
        assertEquals(LogSettings.DEFAULTS, logs);
        JpmHome home = new JpmHome(dir.resolve("home"));
        assertEquals(home.logFile("api", 7, LogStream.OUT), logs.file(home, "api", 7, 2, LogStream.OUT));
    }

    @Test
    void aRelativeFileIsResolvedAgainstTheYamlFilesFolderAndKeepsItsPlaceholder() throws Exception {
        LogSettings logs = read("    out_file: logs/api-${INSTANCE_ID}.log\n    err_file: ../shared/../err.log\n");
        assertEquals(dir.resolve("logs/api-${INSTANCE_ID}.log").toString(), logs.outFile());
        assertEquals(dir.getParent().resolve("err.log").toString(), logs.errFile());
        JpmHome home = new JpmHome(dir.resolve("home"));
        assertEquals(dir.resolve("logs/api-3.log"), logs.file(home, "api", 11, 3, LogStream.OUT), "the index, not the id");
        assertEquals(dir.getParent().resolve("err.log"), logs.file(home, "api", 11, 3, LogStream.ERR), "shared: no placeholder");
    }

    @Test
    void devNullKeepsNothing() throws Exception {
        LogSettings logs = read("    out_file: /dev/null\n");
        assertTrue(logs.discards(LogStream.OUT));
        assertNull(logs.file(new JpmHome(dir), "api", 0, 0, LogStream.OUT));
        assertEquals(new JpmHome(dir).logFile("api", 0, LogStream.ERR), logs.file(new JpmHome(dir), "api", 0, 0, LogStream.ERR));
    }

    @Test
    void theDateFormatIsKeptAsWritten() throws Exception {
        assertEquals("yyyy-MM-dd HH:mm:ss.SSS", read("    log_date_format: yyyy-MM-dd HH:mm:ss.SSS\n").dateFormat());
        assertEquals("'Day' d, 'Year' yyyy", read("    log_date_format: \"'Day' d, 'Year' yyyy\"\n").dateFormat(),
                "a Y or D in quotes is text, not moment's");
    }

    @Test
    void anEmptyFileIsRefused() {
        assertTrue(refused("    out_file: \"\"\n", 4, 15).plainMessage().contains("'out_file' of app 'api' is empty"));
    }

    @Test
    void aFileThatIsNotAStringIsRefused() {
        refused("    err_file: [a, b]\n", 4, 15);
    }

    @Test
    void aFolderIsRefused() {
        EcosystemException e = refused("    out_file: logs/\n", 4, 15);
        assertTrue(e.plainMessage().contains("names a folder"), e.getMessage());
    }

    @Test
    void thePortPlaceholderIsRefusedInAFileName() {
        EcosystemException e = refused("    out_file: api-${PORT}.log\n", 4, 15);
        assertTrue(e.plainMessage().contains("may hold only ${INSTANCE_ID}"), e.getMessage());
        assertTrue(e.plainMessage().contains("found '${PORT}'"), e.getMessage());
    }

    @Test
    void aMisspelledPlaceholderIsRefused() {
        EcosystemException e = refused("    err_file: api-${INSTANCE}.log\n", 4, 15);
        assertTrue(e.plainMessage().contains("found '${INSTANCE}'"), e.getMessage());
    }

    @Test
    void pm2sMomentFormatIsRefusedWithTheJavaSpelling() {
        EcosystemException e = refused("    log_date_format: YYYY-MM-DD HH:mm:ss\n", 4, 22);
        assertTrue(e.plainMessage().contains("moment.js"), e.getMessage());
        assertTrue(e.plainMessage().contains("write 'yyyy-MM-dd HH:mm:ss'"), e.getMessage());
    }

    @Test
    void aPatternJavaCannotReadIsRefused() {
        EcosystemException e = refused("    log_date_format: yyyy-MM-dd bbb\n", 4, 22);
        assertTrue(e.plainMessage().contains("is not a Java DateTimeFormatter pattern"), e.getMessage());
    }

    @Test
    void anEmptyPatternIsRefused() {
        refused("    log_date_format: \" \"\n", 4, 22);
    }

    @Test
    void aPatternPrintingALineBreakIsRefused() {
        EcosystemException e = refused("    log_date_format: \"HH:mm'\\n'\"\n", 4, 22);
        assertTrue(e.plainMessage().contains("line break"), e.getMessage());
    }
}
