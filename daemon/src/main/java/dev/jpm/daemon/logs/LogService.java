package dev.jpm.daemon.logs;

import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The log capability as the request handler sees it: stream ({@code logs}), empty ({@code flush}), rotate. */
public final class LogService implements AutoCloseable {
    private final LogKeeper keeper;
    private final LogStreamer streamer;
    private final LogStreamer.Sources sources;

    /** @param sources the instances a target means, asked of the supervisor */
    public LogService(JpmHome home, LogStreamer.Sources sources) {
        Truncations truncations = new Truncations();
        this.sources = sources;
        this.keeper = new LogKeeper(home, () -> this.sources.resolve("all"), truncations);
        this.streamer = new LogStreamer(home, truncations);
    }

    public void start() {
        keeper.start();
    }

    public void stream(Request.Logs request, LogStreamer.Sink sink) throws IOException {
        streamer.stream(request, sources, sink);
    }

    /** The files emptied. */
    public List<String> flush(String target) {
        CompletableFuture<List<String>> flushed = keeper.flush(sources.resolve(target));
        return flushed.join();
    }

    @Override
    public void close() {
        keeper.close();
    }
}
