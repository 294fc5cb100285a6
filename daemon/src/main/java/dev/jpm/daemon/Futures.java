package dev.jpm.daemon;

import dev.jpm.protocol.wire.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting on the supervisor's futures from another thread, with its failures rethrown as they were. */
public final class Futures {
    private Futures() {
    }

    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JpmException(ErrorCode.INTERNAL, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new JpmException(ErrorCode.INTERNAL, String.valueOf(cause));
        }
    }
}
