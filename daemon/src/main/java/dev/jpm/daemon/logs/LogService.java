package dev.jpm.daemon.logs;

import dev.jpm.daemon.Futures;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The log capability as the request handler sees it: stream ({@code logs}), empty ({@code flush}), rotate, report. */
public final class LogService implements AutoCloseable {
    private final LogKeeper keeper;
    private final LogStreamer streamer;
    private final LogStreamer.Sources sources;
    private final LogHealth health;

    /**
     * @param sources the instances a target means, asked of the supervisor
     * @param stamped the readers of apps with log_date_format, whose health this reports too
     */
    public LogService(JpmHome home, LogStreamer.Sources sources, StampedOutput stamped) {
        Truncations truncations = new Truncations();
        this.sources = sources;
        this.health = stamped.health();
        this.keeper = LogKeeper.watching(home, () -> this.sources.resolve("all"), truncations, health, stamped);
        this.streamer = new LogStreamer(home, truncations, health);
    }

    public void start() {
        keeper.start();
    }

    public void stream(Request.Logs request, LogStreamer.Sink sink) throws IOException {
        streamer.stream(request, sources, sink);
    }

    /** The files emptied; refused whole (UNSAFE_PATH) when one of them is not safe to empty. */
    public List<String> flush(String target) {
        return Futures.await(keeper.flush(sources.resolve(target)));
    }

    /** Adds to each description what is wrong with its log files and how many bytes a full disk dropped. */
    public List<InstanceDescription> withHealth(List<InstanceDescription> descriptions) {
        return descriptions.stream().map(d -> {
            List<Path> files = List.of(Path.of(d.outLog()), Path.of(d.errLog()));
            List<String> problems = files.stream().map(health::problem).filter(Objects::nonNull).toList();
            long dropped = files.stream().mapToLong(health::droppedBytes).sum();
            return d.withLogHealth(problems, dropped);
        }).toList();
    }

    @Override
    public void close() {
        keeper.close();
    }
}
