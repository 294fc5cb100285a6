package dev.jpm.daemon.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.view.LogLine;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Request;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStreamerTest {
    @TempDir
    Path root;

    private JpmHome home;
    private final Truncations truncations = new Truncations();
    private final List<LogSource> running = new CopyOnWriteArrayList<>();
    private final BlockingQueue<LogLine> received = new LinkedBlockingQueue<>();
    private LogStreamer streamer;
    private LogKeeper keeper;
    private Thread follower;

    private final LogStreamer.Sink sink = new LogStreamer.Sink() {
        @Override
        public void line(LogLine line) {
            received.add(line);
        }

        @Override
        public void alive() {
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        home = new JpmHome(root);
        Files.createDirectories(home.logsDir());
        LogHealth health = new LogHealth();
        streamer = new LogStreamer(home, truncations, health);
        keeper = new LogKeeper(home, () -> List.copyOf(running), truncations, health);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        keeper.close();
        if (follower != null) {
            follower.interrupt();
            follower.join(5_000);
        }
    }

    /** Resolves like the supervisor: all, an app name or an id. */
    private List<LogSource> resolve(String target) {
        List<LogSource> found = running.stream().filter(s -> target.equals("all") || target.equals(s.app())
                || target.equals(Integer.toString(s.id()))).toList();
        if (found.isEmpty() && !target.equals("all")) {
            throw new JpmException(ErrorCode.NOT_FOUND, "no app named '" + target + "'");
        }
        return found;
    }

    @Test
    void withoutFollowPrintsTheLastLinesOfEachFileInIdOrder() throws IOException {
        LogSource api = source("api", 1);
        LogSource web = source("web", 0);
        write(api, LogStream.OUT, "a1\na2\na3\n");
        write(api, LogStream.ERR, "oops\n");
        write(web, LogStream.OUT, "w1\nw2\n");

        streamer.stream(new Request.Logs("all", 2, false, true, true), this::resolve, sink);

        assertEquals(List.of(
                new LogLine("web", 0, "out", "w1"), new LogLine("web", 0, "out", "w2"),
                new LogLine("api", 1, "out", "a2"), new LogLine("api", 1, "out", "a3"),
                new LogLine("api", 1, "err", "oops")), new ArrayList<>(received));
    }

    @Test
    void aStreamSentToDevNullIsNamedAsNotKeptOnceAndTheOtherIsShown() throws Exception {
        LogSource quiet = new LogSource("quiet", 4, 0, new LogSettings(1024, 1, LogSettings.DISCARD, null, null), null);
        running.add(quiet);
        write(quiet, LogStream.ERR, "still here\n");

        follow(new Request.Logs("all", 5, true, true, true));

        LogLine notice = next();
        assertEquals("out", notice.stream());
        assertTrue(notice.line().startsWith("[jpm] quiet's stdout is not kept: its out_file is /dev/null"), notice.line());
        assertEquals(new LogLine("quiet", 4, "err", "still here"), next());
        Thread.sleep(2 * LogStreamer.RESOLVE_MS);
        assertTrue(received.isEmpty(), "the notice is not repeated at each resolve: " + received);
    }

    @Test
    void anOutFileWhoseFolderWasNeverMadeShowsNothingRatherThanFailing() throws IOException {
        Path never = root.resolve("never-made/api.log");
        running.add(new LogSource("api", 0, 0, new LogSettings(1024, 1, never.toString(), null, null), null));

        streamer.stream(new Request.Logs("api", 15, false, true, false), this::resolve, sink);

        assertTrue(received.isEmpty(), received.toString());
    }

    @Test
    void errOnlyLeavesOutOut() throws IOException {
        LogSource api = source("api", 1);
        write(api, LogStream.OUT, "fine\n");
        write(api, LogStream.ERR, "bad\n");

        streamer.stream(new Request.Logs("api", 15, false, false, true), this::resolve, sink);

        assertEquals(List.of(new LogLine("api", 1, "err", "bad")), new ArrayList<>(received));
    }

    @Test
    void followsThroughFlushRotationAndAnInstanceThatStartsLater() throws Exception {
        LogSource api = new LogSource("api", 0, 0, new LogSettings(64, 3), null);
        running.add(api);
        write(api, LogStream.OUT, "old\n");
        follow(new Request.Logs("all", 1, true, true, true));
        assertEquals("old", next().line());

        try (FileOutputStream out = new FileOutputStream(api.file(home, LogStream.OUT).toFile(), true)) {
            append(out, "live 1\n");
            assertEquals("live 1", next().line());

            keeper.flush(List.of(api)).join();
            append(out, "after a flush, longer than what was there\n");
            assertEquals("after a flush, longer than what was there", next().line());

            append(out, "x".repeat(100) + "\n");
            assertEquals(100, next().line().length());
            keeper.checkOnce();
            append(out, "after a rotation, again longer than the file was\n".repeat(3));
            for (int i = 0; i < 3; i++) {
                assertEquals("after a rotation, again longer than the file was", next().line());
            }
        }

        LogSource scaled = source("api", 5);
        write(scaled, LogStream.ERR, "new instance speaking\n");
        LogLine joined = next();
        assertEquals(new LogLine("api", 5, "err", "new instance speaking"), joined);
    }

    @Test
    void anUnknownTargetIsAnError() {
        JpmException e = org.junit.jupiter.api.Assertions.assertThrows(JpmException.class,
                () -> streamer.stream(new Request.Logs("nope", 15, true, true, true), this::resolve, sink));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }

    private void follow(Request.Logs request) {
        follower = new Thread(() -> {
            try {
                streamer.stream(request, this::resolve, sink);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "test-follower");
        follower.start();
    }

    private LogLine next() throws InterruptedException {
        LogLine line = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(line, "no line within 5 s");
        return line;
    }

    private LogSource source(String app, int id) {
        LogSource source = new LogSource(app, id, id, LogSettings.DEFAULTS, null);
        running.add(source);
        return source;
    }

    private void write(LogSource source, LogStream stream, String text) throws IOException {
        Files.writeString(source.file(home, stream), text, StandardCharsets.UTF_8);
    }

    private static void append(FileOutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
