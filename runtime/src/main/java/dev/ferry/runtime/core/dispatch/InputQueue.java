package dev.ferry.runtime.core.dispatch;

import dev.ferry.runtime.core.message.Envelope;
import java.util.ArrayDeque;

/**
 * The one FIFO every input of the dispatcher goes through: records from upstream, feedback from
 * other tasks, messages functions sent to keys of this task, delayed messages that came due.
 *
 * <p>Draining is not reentrant. Handling a message can wait in the mailbox (back-pressure), and the
 * mails run meanwhile may bring more input; that input only joins the queue and is handled after
 * everything before it, so messages from one sender to one address keep their order.
 */
final class InputQueue {
    /** Handles one message; may wait in the mailbox. */
    @FunctionalInterface
    interface Handler {
        void handle(Envelope envelope) throws Exception;
    }

    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    private final Handler handler;
    private boolean draining;

    InputQueue(Handler handler) {
        this.handler = handler;
    }

    void add(Envelope envelope) {
        queue.add(envelope);
    }

    /** Handles every queued message in order, unless a drain further up the stack already does. */
    void drain() throws Exception {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Envelope next;
            while ((next = queue.poll()) != null) {
                handler.handle(next);
            }
        } finally {
            draining = false;
        }
    }
}
