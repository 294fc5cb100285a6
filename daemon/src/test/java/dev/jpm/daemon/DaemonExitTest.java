package dev.jpm.daemon;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DaemonExitTest {
    /** Past start-up, a failure of the main thread is no longer reported as "jpm daemon cannot start" with a start-up status. */
    @Test
    void theStartFailureHandlerIsGoneOnceTheDaemonServes() throws InterruptedException {
        AtomicReference<Thread.UncaughtExceptionHandler> after = new AtomicReference<>();
        Thread main = new Thread(() -> {
            DaemonExit.onStartFailure();
            DaemonExit.serving();
            after.set(Thread.currentThread().getUncaughtExceptionHandler());
        });
        main.start();
        main.join();

        assertSame(Thread.currentThread().getThreadGroup(), after.get(), "the JVM's default: the thread's group");
    }
}
