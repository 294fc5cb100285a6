package dev.jpm.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.daemon.LogCapture;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Event;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An Error (OutOfMemoryError, say) while a request is answered ends that request, never the control socket. */
class ErrorsInRequestsTest {
    @Test
    void aWorkerEndedByAnErrorStillHandsItsConnectionBackToBeClosed() {
        Connection connection = new Connection(null, 0);
        Queue<ControlServer.Returned> returned = new ConcurrentLinkedQueue<>();
        AtomicInteger wakeups = new AtomicInteger();
        Runnable task = ControlServer.servingTask(connection, () -> {
            throw new OutOfMemoryError("a flood of requests");
        }, returned, wakeups::incrementAndGet);

        assertThrows(OutOfMemoryError.class, task::run);

        ControlServer.Returned back = returned.poll();
        assertEquals(connection, back.connection());
        assertFalse(back.keepOpen(), "closed: its request never finished");
        assertEquals(1, wakeups.get(), "the I/O thread looks at it at once");
    }

    @Test
    void aServedConnectionIsHandedBackAsServingLeftIt() {
        Connection connection = new Connection(null, 0);
        Queue<ControlServer.Returned> returned = new ConcurrentLinkedQueue<>();
        ControlServer.servingTask(connection, () -> true, returned, () -> { }).run();
        assertTrue(returned.poll().keepOpen());
    }

    @Test
    void anErrorWhileAnsweringBecomesAnInternalReplyAndTheConnectionStays() throws Exception {
        RequestHandler handler = new RequestHandler(null, null, null, "test", () -> { }, Path.of("/nonexistent/dump.json"),
                new dev.jpm.daemon.Notices(), null);
        List<Reply<?>> replies = new ArrayList<>();
        Replies failingOnce = new Replies() {
            @Override
            public void event(Event event) {
            }

            @Override
            public void reply(Reply<?> reply) {
                if (replies.isEmpty() && reply.ok()) {
                    replies.add(reply);
                    throw new OutOfMemoryError("while writing the answer");
                }
                replies.add(reply);
            }
        };
        boolean[] keepOpen = new boolean[1];

        String log = LogCapture.during(() -> keepOpen[0] = handler.handle(new Protocol.Incoming(7, new Request.Ping()), failingOnce));

        assertTrue(keepOpen[0]);
        Reply<?> last = replies.get(replies.size() - 1);
        assertEquals(7, last.id());
        assertEquals(ErrorCode.INTERNAL.wireName(), last.code());
        assertTrue(log.contains("OutOfMemoryError: while writing the answer"), log);
    }
}
