package dev.ferry.runtime.core.io.http;

import dev.ferry.runtime.core.message.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Which accepted requests are durable. A request is queued by the HTTP server, emitted by the
 * source, sealed into the checkpoint whose barrier follows it, and durable when that checkpoint
 * completes: only then does its future complete and the client get {@code 202}. A request with an
 * {@code Idempotency-Key} shares the future of the first request with that key for the idempotency
 * window, so a retry sends nothing and is answered when (or as soon as) the first is durable.
 *
 * <p>Thread-safe: the server threads submit, the source thread drains, emits and seals (under
 * Flink's checkpoint lock), the checkpoint notification completes.
 */
final class AcknowledgementLedger {

    /** A request accepted but not yet durable. */
    record Accepted(List<Envelope> messages, String key, CompletableFuture<Long> durable) {}

    /** An idempotency key that was emitted, with when it was first accepted. */
    record RememberedKey(String key, long acceptedAtMillis) {}

    private final int maxPending;
    private final long windowMillis;

    private final ArrayDeque<Accepted> queued = new ArrayDeque<>();
    private List<Accepted> emittedSinceSeal = new ArrayList<>();
    private final TreeMap<Long, List<Accepted>> sealed = new TreeMap<>();
    private final Map<String, Entry> byKey = new HashMap<>();
    private int pending;
    private String stopped;

    private static final class Entry {
        final CompletableFuture<Long> durable;
        final long acceptedAtMillis;
        boolean emitted;

        Entry(CompletableFuture<Long> durable, long acceptedAtMillis, boolean emitted) {
            this.durable = durable;
            this.acceptedAtMillis = acceptedAtMillis;
            this.emitted = emitted;
        }
    }

    /**
     * @param maxPending requests accepted and not yet durable before {@link #submit} refuses
     * @param windowMillis how long an idempotency key is remembered after it was accepted
     */
    AcknowledgementLedger(int maxPending, long windowMillis) {
        this.maxPending = maxPending;
        this.windowMillis = windowMillis;
    }

    /**
     * Accepts a request: its future completes with the checkpoint id that made it durable (-1 for a
     * key restored from a checkpoint), or fails when the ingress stops first. Returns null when
     * {@code maxPending} requests are already pending (back-pressure: the caller answers 503).
     */
    synchronized CompletableFuture<Long> submit(List<Envelope> messages, String key, long now) {
        if (stopped != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(stopped));
        }
        if (key != null) {
            Entry known = byKey.get(key);
            if (known != null
                    && !(known.durable.isDone() && now - known.acceptedAtMillis > windowMillis)) {
                return known.durable;
            }
        }
        if (pending >= maxPending) {
            return null;
        }
        CompletableFuture<Long> durable = new CompletableFuture<>();
        if (key != null) {
            byKey.put(key, new Entry(durable, now, false));
        }
        queued.add(new Accepted(messages, key, durable));
        pending++;
        notifyAll();
        return durable;
    }

    /** Takes the queued requests, waiting up to {@code timeoutMillis} for one; empty if none. */
    synchronized List<Accepted> take(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (queued.isEmpty() && stopped == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        List<Accepted> taken = new ArrayList<>(queued);
        queued.clear();
        return taken;
    }

    /** The source emitted {@code accepted}'s messages (called under the checkpoint lock). */
    synchronized void emitted(Accepted accepted) {
        emittedSinceSeal.add(accepted);
        if (accepted.key() != null) {
            Entry entry = byKey.get(accepted.key());
            if (entry != null) {
                entry.emitted = true;
            }
        }
    }

    /**
     * The barrier of {@code checkpointId} follows everything emitted so far (called under the
     * checkpoint lock while the source snapshots). Returns the idempotency keys to keep in the
     * checkpoint: those emitted within the window, durable or not; expired ones are forgotten.
     */
    synchronized List<RememberedKey> seal(long checkpointId, long now) {
        if (!emittedSinceSeal.isEmpty()) {
            sealed.put(checkpointId, emittedSinceSeal);
            emittedSinceSeal = new ArrayList<>();
        }
        List<RememberedKey> keep = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> entries = byKey.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Entry> next = entries.next();
            Entry entry = next.getValue();
            if (entry.durable.isDone() && now - entry.acceptedAtMillis > windowMillis) {
                entries.remove();
            } else if (entry.emitted) {
                keep.add(new RememberedKey(next.getKey(), entry.acceptedAtMillis));
            }
        }
        return keep;
    }

    /** Keys of a restored checkpoint: what they stood for is in the restored state, so durable. */
    synchronized void restore(List<RememberedKey> keys) {
        for (RememberedKey key : keys) {
            byKey.put(
                    key.key(),
                    new Entry(
                            CompletableFuture.completedFuture(-1L), key.acceptedAtMillis(), true));
        }
    }

    /**
     * Checkpoint {@code checkpointId} completed: every request sealed into it or an earlier one is
     * durable (a later checkpoint holds everything an aborted earlier one would have).
     */
    void completed(long checkpointId) {
        List<Accepted> durable = new ArrayList<>();
        synchronized (this) {
            Map<Long, List<Accepted>> covered = sealed.headMap(checkpointId, true);
            covered.values().forEach(durable::addAll);
            covered.clear();
            pending -= durable.size();
        }
        // Outside the lock: completing answers the clients on the server's threads.
        durable.forEach(accepted -> accepted.durable().complete(checkpointId));
    }

    /** Fails every request not yet durable with {@code reason}; later submissions fail too. */
    void stop(String reason) {
        List<Accepted> lost = new ArrayList<>();
        synchronized (this) {
            stopped = reason;
            lost.addAll(queued);
            lost.addAll(emittedSinceSeal);
            sealed.values().forEach(lost::addAll);
            queued.clear();
            emittedSinceSeal.clear();
            sealed.clear();
            pending = 0;
            notifyAll();
        }
        IllegalStateException cause = new IllegalStateException(reason);
        lost.forEach(accepted -> accepted.durable().completeExceptionally(cause));
    }

    /** Requests accepted and not yet durable. */
    synchronized int pending() {
        return pending;
    }
}
