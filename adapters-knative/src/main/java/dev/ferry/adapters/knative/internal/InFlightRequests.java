package dev.ferry.adapters.knative.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Counts protocol requests from arrival to the end of their response, so a drain can wait. */
public final class InFlightRequests {
    private int count;
    private long taken;
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    public synchronized void enter() {
        taken++;
        if (count++ == 0) {
            idle = new CompletableFuture<>();
        }
    }

    public void exit() {
        CompletableFuture<Void> done = null;
        synchronized (this) {
            if (--count == 0) {
                done = idle;
            }
        }
        if (done != null) {
            done.complete(null);
        }
    }

    public synchronized int count() {
        return count;
    }

    /** Protocol requests taken since the start, answered or not. */
    public synchronized long taken() {
        return taken;
    }

    /** Waits until no request is in flight; false when {@code timeoutMillis} ran out first. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            CompletableFuture<Void> current;
            synchronized (this) {
                if (count == 0) {
                    return true;
                }
                current = idle;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                current.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
