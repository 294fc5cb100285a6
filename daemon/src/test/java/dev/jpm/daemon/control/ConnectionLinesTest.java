package dev.jpm.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.wire.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How the I/O thread cuts a client's bytes into request lines, whatever pieces they arrive in. */
class ConnectionLinesTest {
    private final Connection connection = new Connection(null, 0);

    private boolean take(String text) {
        return connection.take(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 1);
    }

    @Test
    void aLineIsServedOnlyOnceItsNewlineArrives() {
        assertFalse(take("{\"id\":1,"));
        assertTrue(take("\"cmd\":\"ping\"}\n{\"id\""));
        assertEquals("{\"id\":1,\"cmd\":\"ping\"}", connection.nextLine());
        assertNull(connection.nextLine());
        assertTrue(take(":2}\n"));
        assertEquals("{\"id\":2}", connection.nextLine());
    }

    @Test
    void aLineOverTheLimitIsSkippedToItsEndAndTheNextOneStillCounts() {
        byte[] huge = new byte[Protocol.MAX_LINE_BYTES + 10];
        Arrays.fill(huge, (byte) 'x');
        assertFalse(connection.take(ByteBuffer.wrap(huge), 1));
        assertTrue(take("still x\n{\"id\":3}\n"));
        assertSame(Connection.TOO_LONG, connection.nextLine());
        assertEquals("{\"id\":3}", connection.nextLine());
    }
}
