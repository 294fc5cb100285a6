package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exchange against a stand-in for a JVM's attach listener on a real Unix socket: the request
 * arrives byte for byte, a reply is read to the end, and a listener that takes the request and
 * says nothing (a frozen JVM) ends in an AttachFailure once the patience is out, not a hang.
 */
class AttachExchangeTest {
    /** The five NUL-terminated strings of a request. */
    private static final int REQUEST_STRINGS = 5;

    private Path dir;
    private Path socket;
    private ServerSocketChannel listener;

    @BeforeEach
    void listen() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "attach-");
        socket = dir.resolve(".java_pid1");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
        Files.deleteIfExists(socket);
        Files.delete(dir);
    }

    @Test
    void theRequestArrivesWholeAndTheAnswerIsReadToTheEnd() throws Exception {
        String output = "Full thread dump\n".repeat(20_000); // 340 KB: many reads
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> serveOnce(("0\n" + output).getBytes(StandardCharsets.UTF_8)));

        AttachReply reply = HotSpotAttach.exchange(socket, AttachRequest.jcmd("Thread.print -l"),
                HotSpotAttach.Patience.forMillis(10_000), ProcessHandle.current().pid());

        assertTrue(reply.ok());
        assertEquals(output, reply.output());
        assertArrayEquals(AttachRequest.jcmd("Thread.print -l").encode(), received.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aListenerThatNeverAnswersEndsInAFailureWhenPatienceRunsOut() throws Exception {
        CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return listener.accept();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long started = System.nanoTime();

        AttachFailure failure = assertThrows(AttachFailure.class, () -> HotSpotAttach.exchange(socket, AttachRequest.jcmd("VM.version"),
                HotSpotAttach.Patience.forMillis(1_000), ProcessHandle.current().pid()));

        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(failure.listenerReached());
        assertTrue(failure.getMessage().contains("took the request 'jcmd VM.version' but its answer did not come within 1 s"),
                failure.getMessage());
        assertTrue(tookMs >= 1_000 && tookMs < 10_000, "ended by the patience, not by a hang: " + tookMs + " ms");
        accepted.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void aListenerThatClosesWithoutAStatusIsAFailureNotAnEmptyAnswer() throws Exception {
        CompletableFuture.runAsync(() -> serveOnce(new byte[0]));

        AttachFailure failure = assertThrows(AttachFailure.class, () -> HotSpotAttach.exchange(socket, AttachRequest.jcmd("VM.version"),
                HotSpotAttach.Patience.forMillis(5_000), ProcessHandle.current().pid()));

        assertTrue(failure.getMessage().contains("closed the connection without an answer"), failure.getMessage());
    }

    /** Reads one whole request (five NULs), answers {@code answer}, closes; returns what it read. */
    private byte[] serveOnce(byte[] answer) {
        try (SocketChannel client = listener.accept()) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            ByteBuffer one = ByteBuffer.allocate(1);
            int nuls = 0;
            while (nuls < REQUEST_STRINGS && client.read(one.clear()) > 0) {
                request.write(one.get(0));
                if (one.get(0) == 0) {
                    nuls++;
                }
            }
            ByteBuffer out = ByteBuffer.wrap(answer);
            while (out.hasRemaining()) {
                client.write(out);
            }
            return request.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
