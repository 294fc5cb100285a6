package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.logs.LogSource;
import dev.jpm.daemon.metrics.MetricsCache;
import dev.jpm.daemon.policy.Clock;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.view.InstanceView;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The supervisor's read side, for any thread: everything here reads the last published
 * {@link ModelSnapshot} and never waits for the supervisor's thread, which keeps the writing.
 */
public final class ModelReader {
    private final PublishedModel published;
    private final Clock clock;
    private final JpmHome home;

    ModelReader(PublishedModel published, Clock clock, JpmHome home) {
        this.published = published;
        this.clock = clock;
        this.home = home;
    }

    /** The model as of the last change; it never changes. */
    public ModelSnapshot model() {
        return published.current();
    }

    /**
     * Completes, on the supervisor's thread, with the first published model (the current one
     * included) for which {@code condition} holds; cancel it to stop waiting.
     */
    public CompletableFuture<ModelSnapshot> when(Predicate<ModelSnapshot> condition) {
        return published.when(condition);
    }

    /** What the sampler samples. */
    public Set<Long> livePids() {
        return model().livePids();
    }

    /** What the sampler checks against max_memory_restart every second. */
    public Set<Long> memoryLimitedPids() {
        return model().memoryLimitedPids();
    }

    /** What list shows: the model with the sampler's and the balancer's latest figures. */
    public List<InstanceView> views(MetricsCache metrics) {
        return InstanceViews.of(model(), metrics, clock.nowMillis());
    }

    public List<InstanceDescription> describe(String target, MetricsCache metrics) {
        ModelSnapshot model = model();
        long now = clock.nowMillis();
        return TargetResolver.resolve(target, model).stream()
                .map(i -> InstanceViews.describe(model.app(i.app()).orElseThrow(), i, metrics, now, home)).toList();
    }

    /** The instances a target ({@code all}, an app, an id) means, as they stand; NOT_FOUND names what there is. */
    public List<ModelSnapshot.InstanceSnapshot> resolve(String target) {
        return TargetResolver.resolve(target, model());
    }

    /** The instances a target means, as the log code needs them: files, rotation settings, writer pid. */
    public List<LogSource> logSources(String target) {
        ModelSnapshot model = model();
        return TargetResolver.resolve(target, model).stream()
                .map(i -> new LogSource(i.app(), i.id(), i.index(), model.app(i.app()).orElseThrow().spec().logs(), i.pid())).toList();
    }

    /** The specs of every app, with the number of instances each runs now: what {@code save} writes. */
    public List<AppSpec> specs() {
        return model().apps().stream().map(a -> a.spec().withInstances(a.instances().size())).toList();
    }
}
