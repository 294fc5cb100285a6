package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.wire.ErrorCode;
import org.junit.jupiter.api.Test;

class ScaleCountTest {
    @Test
    void anAbsoluteCountIsTheCount() {
        assertEquals(4, ScaleCount.parse("4", 2));
        assertEquals(1, ScaleCount.parse(" 1 ", 3));
    }

    @Test
    void aSignedCountIsRelativeToTheInstancesRunningNow() {
        assertEquals(5, ScaleCount.parse("+3", 2));
        assertEquals(1, ScaleCount.parse("-2", 3));
    }

    @Test
    void fewerThanOneInstanceIsRefusedWithWhatToDoInstead() {
        JpmException e = assertThrows(JpmException.class, () -> ScaleCount.parse("-3", 3));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("asked for 0") && e.getMessage().contains("'jpm stop'"), e.getMessage());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(JpmException.class, () -> ScaleCount.parse("0", 3)).code());
    }

    @Test
    void anythingButNPlusNOrMinusNIsABadRequest() {
        for (String bad : new String[] {"", "two", "+", "3.5", "99999999999", null}) {
            JpmException e = assertThrows(JpmException.class, () -> ScaleCount.parse(bad, 2), String.valueOf(bad));
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
        }
    }
}
