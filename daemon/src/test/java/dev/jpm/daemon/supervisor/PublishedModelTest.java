package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PublishedModelTest {
    private static ModelSnapshot withNextId(int nextId) {
        return new ModelSnapshot(nextId, List.of());
    }

    @Test
    void aWaiterIsToldByThePublishThatSatisfiesItAndNotBefore() {
        PublishedModel published = new PublishedModel();
        CompletableFuture<ModelSnapshot> three = published.when(m -> m.nextId() >= 3);

        published.publish(withNextId(2));
        assertFalse(three.isDone());
        ModelSnapshot satisfying = withNextId(3);
        published.publish(satisfying);

        assertSame(satisfying, three.join());
        assertSame(satisfying, published.current());
    }

    @Test
    void aConditionTheCurrentModelMeetsIsMetAtOnce() {
        PublishedModel published = new PublishedModel();
        published.publish(withNextId(7));
        assertEquals(7, published.when(m -> m.nextId() == 7).join().nextId());
    }

    @Test
    void aCancelledWaiterIsForgottenAndNoLongerTested() {
        PublishedModel published = new PublishedModel();
        AtomicInteger tests = new AtomicInteger();
        CompletableFuture<ModelSnapshot> waiting = published.when(m -> {
            tests.incrementAndGet();
            return false;
        });
        waiting.cancel(false);
        int before = tests.get();

        published.publish(withNextId(1));

        assertEquals(before, tests.get());
        assertTrue(waiting.isCancelled());
    }
}
