package dev.jpm.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.view.LogLine;
import org.junit.jupiter.api.Test;

class LogLineFormatTest {
    private static final String RED = "\u001b[31m";
    private static final String INVERSE = "\u001b[7m";

    @Test
    void plainOutputMarksErrorLinesInThePrefix() {
        LogLineFormat format = new LogLineFormat(new Style(false), "boom");

        assertEquals("3|api|hello", format.format(new LogLine("api", 3, "out", "hello")));
        assertEquals("3|api|err|boom", format.format(new LogLine("api", 3, "err", "boom")));
    }

    @Test
    void colourShowsErrorLinesInRedAndKeepsTheTextIntact() {
        LogLineFormat format = new LogLineFormat(new Style(true), null);

        String line = format.format(new LogLine("api", 3, "err", "boom"));

        assertTrue(line.contains(RED + "boom"), line);
        assertEquals("3|api|boom", stripped(line));
    }

    @Test
    void anAppKeepsOneColour() {
        LogLineFormat format = new LogLineFormat(new Style(true), null);

        String first = format.format(new LogLine("api", 0, "out", "a"));
        String second = format.format(new LogLine("api", 1, "out", "b"));

        assertEquals(first.substring(0, 5), second.substring(0, 5));
    }

    @Test
    void highlightMarksEveryMatchIgnoringCase() {
        LogLineFormat format = new LogLineFormat(new Style(true), "error");

        String line = format.format(new LogLine("api", 0, "out", "Error here, error there"));

        assertEquals(2, line.split(java.util.regex.Pattern.quote(INVERSE), -1).length - 1, line);
        assertEquals("0|api|Error here, error there", stripped(line));
    }

    private static String stripped(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
