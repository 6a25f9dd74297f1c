package dev.ferry.adapters.knative.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the addresses of Ferry's address batches, one slice each, so that a batch of
 * a thousand addresses neither holds an event loop (other connections wait on it) nor runs on one
 * core. Daemon threads: a server that was never closed does not keep the JVM alive.
 */
public final class FanOutWorkers implements AutoCloseable {
    private final ExecutorService threads;
    private final int count;

    public FanOutWorkers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("fan-out threads must be at least 1: " + count);
        }
        this.count = count;
        AtomicInteger next = new AtomicInteger();
        this.threads =
                Executors.newFixedThreadPool(
                        count,
                        task -> {
                            Thread thread =
                                    new Thread(task, "ferry-fan-out-" + next.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    public Executor executor() {
        return threads;
    }

    /** Threads, and so slices of one batch at most. */
    public int count() {
        return count;
    }

    /** Lets running slices finish (the drain has waited for their requests already), then stops. */
    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
