package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttachProtocolTest {

    @Test
    void aRequestIsVersionOperationAndThreeArgumentsEachNulTerminated() {
        byte[] bytes = AttachRequest.jcmd("Thread.print -l").encode();
        assertArrayEquals("1\0jcmd\0Thread.print -l\0\0\0".getBytes(StandardCharsets.UTF_8), bytes);
    }

    @Test
    void dumpheapCarriesItsFileAndLiveness() {
        byte[] bytes = new AttachRequest("dumpheap", List.of("/h/d.hprof", "-live")).encode();
        assertArrayEquals("1\0dumpheap\0/h/d.hprof\0-live\0\0".getBytes(StandardCharsets.UTF_8), bytes);
    }

    @Test
    void requestsTheListenerWouldRejectAreRefusedHere() {
        assertThrows(IllegalArgumentException.class, () -> new AttachRequest("jcmd", List.of("a", "b", "c", "d")));
        assertThrows(IllegalArgumentException.class, () -> AttachRequest.jcmd("x".repeat(1025)));
        assertThrows(IllegalArgumentException.class, () -> AttachRequest.jcmd("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> new AttachRequest("an-operation-name-too-long", List.of()));
    }

    @Test
    void aReplyIsAStatusLineThenTheOutput() {
        AttachReply reply = AttachReply.parse("0\nFull thread dump\n\"main\" #1\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(reply.ok());
        assertEquals("Full thread dump\n\"main\" #1\n", reply.output());
    }

    @Test
    void aFailedStatusKeepsTheJvmsWords() {
        AttachReply reply = AttachReply.parse("1\njava.lang.IllegalArgumentException: Unknown diagnostic command\n"
                .getBytes(StandardCharsets.UTF_8));
        assertFalse(reply.ok());
        assertEquals(1, reply.status());
        assertTrue(reply.output().contains("Unknown diagnostic command"));
        assertEquals(AttachReply.BAD_VERSION, AttachReply.parse("101\n".getBytes(StandardCharsets.US_ASCII)).status());
    }

    @Test
    void anEmptyOutputIsStillAReply() {
        AttachReply reply = AttachReply.parse("0\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(reply.ok());
        assertEquals("", reply.output());
    }

    @Test
    void aConnectionClosedEarlyOrAForeignAnswerIsAnError() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> AttachReply.parse(new byte[0]));
        assertTrue(empty.getMessage().contains("without an answer"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AttachReply.parse("0".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> AttachReply.parse("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> AttachReply.parse("ok\nfine\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void procStatusGivesTheNamespacePidTheSigquitHandlerAndTheState() {
        String status = "Name:\tjava\nState:\tT (stopped)\nPid:\t4242\nNSpid:\t4242\t7\nSigCgt:\t0000000181005ccf\n";
        ProcStatus s = ProcStatus.parse(4242, status);
        assertEquals(7, s.namespacePid());
        assertTrue(s.inOtherPidNamespace());
        assertTrue(s.catchesSigquit());
        assertTrue(s.stopped());
        // a JVM with -Xrs, or no JVM: SIGQUIT (bit 2) is not caught
        ProcStatus rs = ProcStatus.parse(10, "State:\tS (sleeping)\nNSpid:\t10\nSigCgt:\t0000000181005cc8\n");
        assertFalse(rs.catchesSigquit());
        assertFalse(rs.inOtherPidNamespace());
        assertFalse(rs.stopped());
    }

    @Test
    void theSigquitDumpIsCutFromItsDateLineAndOnlyOnceTheThreadsAreOut() {
        String before = "app line 1\n2026-11-23 19:15:08\nFull thread dump OpenJDK 64-Bit Server VM (17):\n\n\"main\" #1 prio=5\n";
        assertEquals(null, SigquitDump.cut(before), "the threads are not all out yet");
        String whole = before + "\nJNI global refs: 6, weak refs: 0\n\nHeap\n garbage-first heap   total 1K\n";
        String cut = SigquitDump.cut(whole);
        assertTrue(cut.startsWith("2026-11-23 19:15:08\nFull thread dump"), cut);
        assertTrue(cut.endsWith("total 1K\n"), cut);
        assertFalse(cut.contains("app line 1"));
    }
}
