package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What systemd would otherwise read differently from what jpm passes: specifiers, variables, blanks and quotes. */
class SystemdSyntaxTest {
    @Test
    void plainWordsStayAsTheyAre() {
        assertEquals("-Xmx256m", SystemdSyntax.execWord("-Xmx256m", true));
        assertEquals("/opt/app/app.jar", SystemdSyntax.execWord("/opt/app/app.jar", false));
    }

    @Test
    void specifiersAndVariablesAreDoubled() {
        assertEquals("--rate=100%%", SystemdSyntax.execWord("--rate=100%", true));
        assertEquals("--home=$$HOME", SystemdSyntax.execWord("--home=$HOME", true));
    }

    /** With a port (cluster mode) systemd fills ${PORT} from PORT=%i; without one jpm passes it on as written. */
    @Test
    void portIsExpandedOnlyWhereJpmWouldExpandIt() {
        assertEquals("--port=${PORT}", SystemdSyntax.execWord("--port=${PORT}", true));
        assertEquals("--port=$${PORT}", SystemdSyntax.execWord("--port=${PORT}", false));
    }

    @Test
    void blanksQuotesAndBackslashesAreQuoted() {
        assertEquals("\"--greeting=hello world\"", SystemdSyntax.execWord("--greeting=hello world", true));
        assertEquals("\"say \\\"hi\\\"\"", SystemdSyntax.execWord("say \"hi\"", true));
        assertEquals("\"a\\\\b\"", SystemdSyntax.execWord("a\\b", true));
        assertEquals("\"\"", SystemdSyntax.execWord("", true));
        assertEquals("\";\"", SystemdSyntax.execWord(";", true));
        assertEquals("\"two\\nlines\"", SystemdSyntax.execWord("two\nlines", true));
    }

    @Test
    void environmentIsQuotedWithSpecifiersDoubled() {
        assertEquals("Environment=\"QUOTE=say \\\"hi\\\" at 100%%\"", SystemdSyntax.environment("QUOTE", "say \"hi\" at 100%"));
    }
}
