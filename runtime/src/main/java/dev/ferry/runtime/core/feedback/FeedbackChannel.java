package dev.ferry.runtime.core.feedback;

import dev.ferry.runtime.core.message.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-JVM queue that closes the loop: the feedback tail pushes the messages functions sent to
 * each other, the dispatcher of the same subtask (the head) drains them through its mailbox.
 *
 * <p>It also keeps what exactly-once needs. Every message gets a sequence number. When the head
 * snapshots checkpoint n it records how far it had consumed ({@link #markHeadSnapshot}); every
 * message pushed after that mark and before the tail's own snapshot of n was sent before the
 * barrier but not yet applied, so it belongs to checkpoint n. The tail asks for exactly those
 * ({@link #inFlightAt}) and writes them into its snapshot; on restore it pushes them again.
 * Messages are kept only while some checkpoint may still need them, in memory up to a budget and on
 * disk past it ({@link FeedbackLog}).
 */
public final class FeedbackChannel {
    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    private final FeedbackLog retained;
    private final TreeMap<Long, Long> headSnapshots = new TreeMap<>();
    private long pushed;
    private long consumed;
    private Runnable wakeUp;

    /** A channel that keeps what checkpoints need in memory, however much it is. */
    public FeedbackChannel() {
        this(FeedbackLog.inMemory());
    }

    FeedbackChannel(FeedbackLog retained) {
        this.retained = retained;
    }

    /** Adds a message; wakes the consumer when the queue was empty. Called by the tail. */
    public void push(Envelope envelope) {
        Runnable toWake;
        synchronized (this) {
            boolean wasEmpty = queue.isEmpty();
            queue.add(envelope);
            retained.append(++pushed, envelope);
            toWake = wasEmpty ? wakeUp : null;
        }
        if (toWake != null) {
            toWake.run();
        }
    }

    /**
     * Registers the consumer's wake-up call (it schedules a drain in the consumer's mailbox). Runs
     * it at once when messages are already waiting, for instance replayed after a restore.
     */
    public void registerConsumer(Runnable wakeUpCall) {
        boolean waiting;
        synchronized (this) {
            this.wakeUp = wakeUpCall;
            waiting = !queue.isEmpty();
        }
        if (waiting) {
            wakeUpCall.run();
        }
    }

    /** The consumer is gone (its task ends): stop waking it. */
    public synchronized void unregisterConsumer() {
        this.wakeUp = null;
    }

    /** Takes every waiting message. Called by the head, in its mailbox. */
    public synchronized List<Envelope> drain() {
        List<Envelope> drained = new ArrayList<>(queue);
        queue.clear();
        consumed += drained.size();
        forgetUnneeded();
        return drained;
    }

    /** The head snapshots checkpoint {@code checkpointId}: remember how far it had consumed. */
    public synchronized void markHeadSnapshot(long checkpointId) {
        headSnapshots.put(checkpointId, consumed);
    }

    /**
     * The messages that belong to checkpoint {@code checkpointId}: pushed after the head's snapshot
     * of it, up to now. Called by the tail when it snapshots the same checkpoint.
     */
    public synchronized List<Envelope> inFlightAt(long checkpointId) {
        Long mark = headSnapshots.get(checkpointId);
        if (mark == null) {
            throw new IllegalStateException(
                    "the feedback tail snapshots checkpoint "
                            + checkpointId
                            + " but the head of its subtask did not; checkpoints must be aligned");
        }
        List<Envelope> inFlight = new ArrayList<>();
        retained.collectAfter(mark, inFlight);
        // This checkpoint and any older one (aborted before reaching the tail) are done.
        headSnapshots.headMap(checkpointId, true).clear();
        forgetUnneeded();
        return inFlight;
    }

    /** Messages waiting to be consumed (for metrics and tests). */
    public synchronized int waiting() {
        return queue.size();
    }

    /** Messages kept for checkpoints (for metrics and tests). */
    public synchronized int retained() {
        return retained.size();
    }

    /** Whether kept messages are on disk now, past the memory budget (for metrics and tests). */
    /** The estimated heap taken by the messages kept for a checkpoint. */
    public synchronized long memoryBytes() {
        return retained.memoryBytes();
    }

    /** The estimated size of the messages kept for a checkpoint in a spill file. */
    public synchronized long spilledBytes() {
        return retained.spilledBytes();
    }

    public synchronized boolean spilling() {
        return retained.spilling();
    }

    /** Frees what the channel keeps, spill files included. Called when its last user leaves. */
    synchronized void close() {
        queue.clear();
        retained.close();
    }

    private void forgetUnneeded() {
        long floor = consumed;
        for (Map.Entry<Long, Long> mark : headSnapshots.entrySet()) {
            floor = Math.min(floor, mark.getValue());
        }
        retained.forgetUpTo(floor);
    }
}
