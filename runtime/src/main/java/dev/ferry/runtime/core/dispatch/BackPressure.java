package dev.ferry.runtime.core.dispatch;

import org.apache.flink.api.common.operators.MailboxExecutor;

/**
 * The task-wide bounds of the dispatcher: invocations in flight, and messages buffered behind
 * batches in flight (summed over all addresses). Waiting means yielding to the mailbox, so replies
 * keep being applied and free room, while Flink stops feeding the task input.
 */
final class BackPressure {
    private final MailboxExecutor mailbox;
    private final int maxInFlight;
    private final int maxBuffered;
    private final DispatchListener listener;
    private int inFlight;

    /**
     * @param maxInFlight invocations in flight at most; 0 or less: unbounded
     * @param maxBuffered messages buffered at most before input waits; 0 or less: unbounded
     */
    BackPressure(
            MailboxExecutor mailbox, int maxInFlight, int maxBuffered, DispatchListener listener) {
        this.mailbox = mailbox;
        this.maxInFlight = maxInFlight;
        this.maxBuffered = maxBuffered;
        this.listener = listener;
    }

    boolean bufferIsFull(long buffered) {
        return maxBuffered > 0 && buffered >= maxBuffered;
    }

    /** Runs one other mail (a reply, a timer, feedback). The current key may move meanwhile. */
    void yieldToMailbox() throws InterruptedException {
        mailbox.yield();
    }

    /** Waits, running other mails, until an invocation may start; then counts it. */
    void startInvocation() throws InterruptedException {
        while (maxInFlight > 0 && inFlight >= maxInFlight) {
            mailbox.yield();
        }
        inFlight++;
        listener.inFlight(inFlight);
    }

    void invocationEnded() {
        inFlight = Math.max(0, inFlight - 1);
        listener.inFlight(inFlight);
    }
}
