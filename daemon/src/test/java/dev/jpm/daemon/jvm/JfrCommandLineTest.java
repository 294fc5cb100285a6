package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.wire.ErrorCode;
import org.junit.jupiter.api.Test;

/** The values jpm puts into a JFR diagnostic command stay one value of one command. */
class JfrCommandLineTest {
    @Test
    void aPathWithASpaceIsQuoted() {
        assertEquals("\"/home/ann/my jfc/x.jfc\"", JfrRecordings.quoted("/home/ann/my jfc/x.jfc"));
        assertEquals("profile", JfrRecordings.quoted("profile"));
    }

    /** "a\nGC.heap_dump /tmp/x" would make the JVM run a heap dump after JFR.start. */
    @Test
    void aQuoteOrLineBreakCannotStartAnotherCommand() {
        for (String value : new String[] {"/tmp/a\nGC.heap_dump /tmp/x.jfc", "/tmp/a\" filename=/tmp/b.jfc", "/tmp/a\rb.jfc"}) {
            JpmException e = assertThrows(JpmException.class, () -> JfrRecordings.quoted(value));
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
        }
    }
}
