package dev.jpm.daemon.supervisor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The latest {@link ModelSnapshot}, for readers on any thread, and the waiters for a condition on
 * it. Only the supervisor's thread publishes; a waiter is told on that thread by the publish
 * that satisfies it, so waiting needs no polling.
 */
final class PublishedModel {
    private record Waiter(Predicate<ModelSnapshot> condition, CompletableFuture<ModelSnapshot> satisfied) {
    }

    /** Written by the supervisor's thread only; volatile so that every reader sees the newest whole snapshot. */
    private volatile ModelSnapshot current = ModelSnapshot.EMPTY;
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    ModelSnapshot current() {
        return current;
    }

    /** On the supervisor's thread: the new model, and every waiter it satisfies is told. */
    void publish(ModelSnapshot snapshot) {
        current = snapshot;
        for (Waiter waiter : waiters) {
            if (waiter.condition().test(snapshot)) {
                waiter.satisfied().complete(snapshot);
            }
        }
    }

    /**
     * Completes with the first published snapshot, the current one included, for which
     * {@code condition} holds. A caller that stops waiting cancels the future, which forgets it.
     */
    CompletableFuture<ModelSnapshot> when(Predicate<ModelSnapshot> condition) {
        CompletableFuture<ModelSnapshot> satisfied = new CompletableFuture<>();
        Waiter waiter = new Waiter(condition, satisfied);
        waiters.add(waiter);
        satisfied.whenComplete((snapshot, failure) -> waiters.remove(waiter));
        // added before this look: a publish in between either sees the waiter or is what this look sees
        ModelSnapshot now = current;
        if (condition.test(now)) {
            satisfied.complete(now);
        }
        return satisfied;
    }
}
