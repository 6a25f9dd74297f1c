package dev.ferry.adapters.knative.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on the function calls running at once ({@code containerConcurrency}); {@code 0} means
 * unbounded. A caller over the bound is refused at once rather than queued: Knative's queue-proxy
 * already queues in front of the container, and the Ferry invoker retries a 503 with back-off.
 */
public final class ConcurrencyLimit {
    private final int limit;
    private final AtomicInteger running = new AtomicInteger();

    public ConcurrencyLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = unbounded): " + limit);
        }
        this.limit = limit;
    }

    /** Takes a slot; false when all {@code limit} slots are taken. */
    public boolean tryAcquire() {
        while (true) {
            int now = running.get();
            if (limit > 0 && now >= limit) {
                return false;
            }
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void release() {
        running.decrementAndGet();
    }

    public int limit() {
        return limit;
    }

    public int running() {
        return running.get();
    }
}
