package dev.ferry.invokers.lambda.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code permits} asynchronous tasks running at once; the others wait in arrival order.
 * Without blocking any thread: a waiting task starts when a running one completes.
 */
public final class ConcurrencyLimit {
    private final int permits;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    /**
     * @param permits tasks at once; 0 or less means no cap
     */
    public ConcurrencyLimit(int permits) {
        this.permits = permits;
    }

    /** Runs {@code task} now if a permit is free, otherwise once one is. */
    public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
        if (permits <= 0) {
            return task.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start =
                () -> {
                    CompletableFuture<T> started;
                    try {
                        started = task.get();
                    } catch (RuntimeException e) {
                        started = CompletableFuture.failedFuture(e);
                    }
                    started.whenComplete(
                            (value, failure) -> {
                                release();
                                if (failure != null) {
                                    result.completeExceptionally(failure);
                                } else {
                                    result.complete(value);
                                }
                            });
                };
        boolean now;
        synchronized (this) {
            now = running < permits;
            if (now) {
                running++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    /** Tasks running now (for tests and metrics). */
    public synchronized int running() {
        return running;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
